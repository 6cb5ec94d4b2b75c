#include "deploy_engine/switch/write_obstacles.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <set>

#include "base/shell_quote.h"
#include "deploy_engine/switch/preflight.h"
#include "platform/file_flags.h"

namespace ua::engine {
namespace {

namespace stdfs = std::filesystem;

std::string UserName(uid_t uid) {
  struct passwd pw {};
  struct passwd* found = nullptr;
  char buffer[4096];
  if (getpwuid_r(uid, &pw, buffer, sizeof buffer, &found) == 0 && found != nullptr) {
    return std::string(found->pw_name) + " (uid " + std::to_string(uid) + ")";
  }
  return "uid " + std::to_string(uid);
}

// What the switch does to one directory's entries.
struct DirUse {
  bool adds = false;     // new entries (files, the staging directory, the journal)
  bool removes = false;  // entries replaced by rename or unlinked
};

class Finder {
 public:
  void Add(const stdfs::path& path, std::string reason, std::string fix, std::string command = "") {
    if (!seen_.insert(path).second) return;  // one obstacle per path: the first found
    found_.push_back({path, std::move(reason), std::move(fix), std::move(command)});
  }

  void CheckMount(const stdfs::path& path) {
    auto mount = fs::FindReadOnlyMount(path);
    if (!mount.ok() || !mount->has_value()) return;
    const fs::ReadOnlyMount& m = **mount;
    if (mounts_.count(m.mount_point)) return;
    mounts_.insert(m.mount_point);
    Add(path,
        std::string("on a read-only ") + (m.bind_only ? "bind " : "") + "mount (" +
            m.mount_point.string() + "): nothing under it can be written, not even by root",
        "as root: " + m.remount_command + ", then run the command again", m.remount_command);
  }

  void CheckFlags(const stdfs::path& path, bool removes_entry_or_self) {
    auto flags = fs::ReadInodeFlags(path);
    if (!flags.ok()) return;
    if (flags->immutable) {
      const std::string command = "chattr -i " + ShellQuote(path.string());
      Add(path, "immutable (chattr +i): it cannot be changed, not even by root",
          "as root: " + command + ", then run the command again", command);
    } else if (flags->append_only && removes_entry_or_self) {
      const std::string command = "chattr -a " + ShellQuote(path.string());
      Add(path, "append-only (chattr +a): it cannot be replaced or removed, not even by root",
          "as root: " + command + ", then run the command again", command);
    }
  }

  void CheckWritableDir(const stdfs::path& dir) {
    if (access(dir.c_str(), W_OK) == 0 || errno != EACCES) return;  // EROFS, EPERM: above
    struct stat st {};
    std::string owner;
    if (stat(dir.c_str(), &st) == 0) owner = "; owner " + UserName(st.st_uid);
    Add(dir, "not writable by " + UserName(geteuid()) + owner,
        "run as a user who may write it, or grant write permission (chmod u+w / chown)");
  }

  void CheckSticky(const stdfs::path& file) {
    const uid_t me = geteuid();
    if (me == 0) return;  // root may replace any file of a sticky directory
    struct stat dir {
    }, st{};
    if (lstat(file.c_str(), &st) != 0 || stat(file.parent_path().c_str(), &dir) != 0) return;
    if ((dir.st_mode & S_ISVTX) == 0 || st.st_uid == me || dir.st_uid == me) return;
    Add(file,
        "owned by " + UserName(st.st_uid) + " in the sticky directory " +
            file.parent_path().string() +
            " (mode +t): only its owner, the directory's owner or "
            "root may replace or remove it",
        "run as " + UserName(st.st_uid) + ", or as root: chown " + std::to_string(me) + " " +
            ShellQuote(file.string()),
        "chown " + std::to_string(me) + " " + ShellQuote(file.string()));
  }

  std::vector<WriteObstacle> Take() { return std::move(found_); }

 private:
  std::vector<WriteObstacle> found_;
  std::set<stdfs::path> seen_;
  std::set<stdfs::path> mounts_;
};

}  // namespace

PlannedWrites WritesOf(const Plan& plan) {
  PlannedWrites w;
  for (const auto& f : plan.added) w.create.push_back(f.path);
  for (const auto& f : plan.modified) w.replace.push_back(f.path);
  for (const auto& f : plan.removed) w.remove.push_back(f.path);
  return w;
}

std::vector<WriteObstacle> FindWriteObstacles(const PlannedWrites& writes,
                                              const stdfs::path& target,
                                              const stdfs::path& backup_dir) {
  Finder finder;
  const stdfs::path target_dir = NearestExisting(target);
  const stdfs::path backup = NearestExisting(backup_dir);
  finder.CheckMount(target_dir);
  finder.CheckMount(backup);

  // The target root gains and loses the staging directory; the backup_dir gains backups and
  // replaces its journal by rename.
  std::map<stdfs::path, DirUse> dirs;
  dirs[target_dir] = {true, true};
  dirs[backup] = {true, true};
  std::map<stdfs::path, stdfs::path> nearest;  // parent -> NearestExisting(parent), once each
  auto use = [&](const std::vector<std::string>& paths, bool removes) {
    for (const std::string& rel : paths) {
      const stdfs::path parent = (target / rel).parent_path();
      auto known = nearest.find(parent);
      if (known == nearest.end()) known = nearest.emplace(parent, NearestExisting(parent)).first;
      DirUse& d = dirs[known->second];
      d.adds = d.adds || !removes;
      d.removes = d.removes || removes;
    }
  };
  use(writes.create, false);
  use(writes.replace, true);
  use(writes.remove, true);

  for (const auto* files : {&writes.replace, &writes.remove}) {
    for (const std::string& rel : *files) {
      finder.CheckFlags(target / rel, true);
      finder.CheckSticky(target / rel);
    }
  }
  for (const auto& [dir, how] : dirs) {
    finder.CheckFlags(dir, how.removes);
    finder.CheckWritableDir(dir);
  }
  return finder.Take();
}

}  // namespace ua::engine
