#include "deploy_engine/switch/preflight.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <set>

#include "base/text_join.h"
#include "platform/fs_ops.h"

namespace ua::engine {
namespace {

namespace stdfs = std::filesystem;

// Resolves symlinks of the longest existing prefix and appends the rest lexically.
stdfs::path Canonical(const stdfs::path& p) {
  std::error_code ec;
  stdfs::path abs = stdfs::absolute(p, ec).lexically_normal();
  stdfs::path existing = NearestExisting(abs);
  stdfs::path resolved = stdfs::canonical(existing, ec);
  if (ec) resolved = existing;
  return (resolved / abs.lexically_relative(existing)).lexically_normal();
}

bool IsWithin(const stdfs::path& inner, const stdfs::path& outer) {
  auto in = inner.begin();
  for (auto out = outer.begin(); out != outer.end(); ++out, ++in) {
    if (out->empty()) continue;  // trailing separator
    if (in == inner.end() || *in != *out) return false;
  }
  return true;
}

std::string Bytes(uint64_t n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f MiB (%llu bytes)", static_cast<double>(n) / 1048576.0,
                static_cast<unsigned long long>(n));
  return buf;
}

uint64_t WithMargin(uint64_t n) { return n + n / 10; }

}  // namespace

stdfs::path NearestExisting(const stdfs::path& p) {
  stdfs::path cur = p;
  std::error_code ec;
  while (!cur.empty() && !stdfs::exists(cur, ec)) {
    if (cur == cur.parent_path()) break;
    cur = cur.parent_path();
  }
  return cur.empty() ? stdfs::path(".") : cur;
}

Status CheckDistinctDirs(const stdfs::path& source, const stdfs::path& target) {
  const stdfs::path s = Canonical(source), t = Canonical(target);
  if (s == t) {
    return FailedPrecondition("source and target are the same directory (" + s.string() +
                              "); point \"target\" at the production directory");
  }
  if (IsWithin(t, s) || IsWithin(s, t)) {
    return FailedPrecondition("source " + s.string() + " and target " + t.string() +
                              " are nested inside each other; a deployment would copy into "
                              "its own input. Use separate directories");
  }
  return Status::Ok();
}

Status CheckNoEscapingSymlinks(const Plan& plan) {
  if (plan.escaping_symlinks.empty()) return Status::Ok();
  return FailedPrecondition(
      "the source has managed symlinks that point outside it (or at an "
      "excluded file): " +
      JoinFirst(plan.escaping_symlinks, 10) + "; replace them with the files or exclude them");
}

Status CheckFreeSpace(const SpaceNeed& need, const SpaceFree& free) {
  auto refuse = [](const std::string& where, uint64_t needed, uint64_t available) {
    return Status(StatusCode::kResourceExhausted,
                  "not enough free space " + where + ": the deployment needs " + Bytes(needed) +
                      " (staging + backup + 10% margin), " + Bytes(available) +
                      " free; free some space or move backup_dir to another disk");
  };
  if (free.same_filesystem) {
    const uint64_t needed = WithMargin(need.staging_bytes + need.backup_bytes);
    if (needed > free.target_free)
      return refuse("on the target's filesystem", needed, free.target_free);
    return Status::Ok();
  }
  if (WithMargin(need.staging_bytes) > free.target_free) {
    return refuse("on the target's filesystem", WithMargin(need.staging_bytes), free.target_free);
  }
  if (WithMargin(need.backup_bytes) > free.backup_free) {
    return refuse("on the backup_dir's filesystem", WithMargin(need.backup_bytes),
                  free.backup_free);
  }
  return Status::Ok();
}

Status CheckFreeSpaceOnDisk(const SpaceNeed& need, const stdfs::path& target,
                            const stdfs::path& backup_dir) {
  const stdfs::path t = NearestExisting(target), b = NearestExisting(backup_dir);
  SpaceFree free;
  UA_ASSIGN_OR_RETURN(free.target_free, fs::FreeBytes(t));
  UA_ASSIGN_OR_RETURN(free.backup_free, fs::FreeBytes(b));
  struct stat st_t {
  }, st_b{};
  free.same_filesystem =
      stat(t.c_str(), &st_t) != 0 || stat(b.c_str(), &st_b) != 0 || st_t.st_dev == st_b.st_dev;
  return CheckFreeSpace(need, free);
}

}  // namespace ua::engine
