#include "deploy_engine/operations/deployer.h"

#include <git2.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "deploy_engine/backup/backup_catalog.h"
#include "deploy_engine/backup/backup_verify.h"
#include "deploy_engine/operations/recovery.h"
#include "deploy_engine/state/deploy_lock.h"
#include "deploy_engine/state/history.h"
#include "deploy_engine/state/journal.h"
#include "deploy_engine/state/layout.h"
#include "deploy_engine/state/version_file.h"
#include "platform/subprocess.h"
#include "tests/support/example_sandbox.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_profile.h"

namespace ua::engine {
namespace {

namespace stdfs = std::filesystem;
using ua::testing::SnapshotTree;
using ua::testing::WriteFile;
using Tree = std::map<std::string, std::string>;

// Commits everything in `dir` into a fresh repository (branch main) with libgit2; returns the
// commit id. The user's git config is kept out of it.
std::string CommitTree(const stdfs::path& dir) {
  static const bool init = [] {
    git_libgit2_init();
    for (int level : {GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL,
                      GIT_CONFIG_LEVEL_PROGRAMDATA}) {
      git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, "/nonexistent-ua-deploy-test");
    }
    return true;
  }();
  (void)init;
  git_repository* repo = nullptr;
  git_repository_init_options opts = GIT_REPOSITORY_INIT_OPTIONS_INIT;
  opts.initial_head = "main";
  REQUIRE(git_repository_init_ext(&repo, dir.c_str(), &opts) == 0);
  git_index* index = nullptr;
  REQUIRE(git_repository_index(&index, repo) == 0);
  REQUIRE(git_index_add_all(index, nullptr, 0, nullptr, nullptr) == 0);
  REQUIRE(git_index_write(index) == 0);
  git_oid tree_id, id;
  REQUIRE(git_index_write_tree(&tree_id, index) == 0);
  git_index_free(index);
  git_tree* tree = nullptr;
  REQUIRE(git_tree_lookup(&tree, repo, &tree_id) == 0);
  git_signature* sig = nullptr;
  REQUIRE(git_signature_new(&sig, "Test", "test@example.com", 1700000000, 0) == 0);
  REQUIRE(git_commit_create(&id, repo, "HEAD", sig, sig, nullptr, "init", tree, 0, nullptr) == 0);
  git_signature_free(sig);
  git_tree_free(tree);
  git_repository_free(repo);
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, &id);
  return hex;
}

uint32_t ModeOf(const stdfs::path& p) {
  struct stat st {};
  REQUIRE(lstat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// The profile's production holds v0.1.0; its source changes, adds and removes files.
struct Fixture : ua::testing::TestProfile {
  Fixture() {
    WriteFile(tmp / "src/server.py", "print('new')\n", 0755);
    WriteFile(tmp / "src/agents.json", "{\"a\": 2}\n");
    WriteFile(tmp / "src/keep.py", "same\n");
    WriteFile(tmp / "src/sub/a.py", "a2\n", 0755);
    WriteFile(tmp / "src/sub/new/b.py", "b\n", 0600);
    WriteFile(tmp / "prod/server.py", "print('old')\n");
    WriteFile(tmp / "prod/agents.json", "{\"a\": 1}\n");
    WriteFile(tmp / "prod/keep.py", "same\n");
    WriteFile(tmp / "prod/sub/a.py", "a1\n");
    WriteFile(tmp / "prod/old.py", "old\n");
    WriteFile(tmp / "prod/.env", "SECRET=s3cr3t\n", 0600);
    WriteFile(tmp / "prod/app.log", "log line\n");
    VersionInfo v;
    v.version = "0.1.0";
    v.deployed = "2026-01-01T00:00:00.000Z";
    REQUIRE(WriteVersionFile(profile.target, v).ok());
  }

  DeployRequest Request() const {
    DeployRequest r = NewDeployRequest();
    r.message = "unit test";
    return r;
  }

  Result<DeployResult> Run(const DeployRequest& request, ua::testing::EnvVars vars = {},
                           std::stop_token stop = {}, ProgressFn progress = {}) const {
    return RunDeploy(request, std::move(vars), std::move(stop), std::move(progress));
  }
  Result<DeployResult> Run() const { return Run(Request()); }
  // A deployment asked to stop at its first progress message that contains `text`.
  Result<DeployResult> RunStoppingAt(const std::string& text) const {
    std::stop_source stop;
    return Run(Request(), {}, stop.get_token(), [&](const ProgressUpdate& u) {
      if (u.message.find(text) != std::string::npos) stop.request_stop();
    });
  }
  Result<DeployResult> RunWith(ua::testing::EnvVars vars) const {
    return Run(Request(), std::move(vars));
  }
};

// The production tree the source describes, with the unmanaged files of `before` kept.
void CheckNewRelease(const Fixture& f, const Tree& before) {
  Tree after = SnapshotTree(f.profile.target);
  Tree src = SnapshotTree(f.profile.source);
  for (const auto& [path, content] : src) {
    if (path.rfind(".git/", 0) == 0) continue;
    INFO(path);
    CHECK(after[path] == content);
  }
  CHECK(after.count("old.py") == 0);
  CHECK(after[".env"] == before.at(".env"));
  CHECK(after["app.log"] == before.at("app.log"));
}

TEST_CASE("Deploy happy path switches production and stamps VERSION", "[engine][deploy]") {
  Fixture f;
  const std::string commit = CommitTree(f.profile.source);
  const Tree before = SnapshotTree(f.profile.target);
  std::vector<double> progress;
  auto result =
      f.Run(f.Request(), {}, {}, [&](const ProgressUpdate& u) { progress.push_back(u.percent); });
  REQUIRE(result.ok());
  const DeployResult& r = *result;
  INFO(r.failure_reason);
  REQUIRE(r.outcome == DeployOutcome::kComplete);
  CHECK(r.version == "0.1.1");
  CHECK(r.previous_version == "0.1.0");
  CHECK(r.plan.added.size() == 1);
  CHECK(r.plan.modified.size() == 3);
  CHECK(r.plan.removed.size() == 1);
  CheckNewRelease(f, before);
  CHECK(ModeOf(f.profile.target / "sub/a.py") == 0755);
  CHECK(ModeOf(f.profile.target / "sub/new/b.py") == 0600);
  CHECK_FALSE(f.HasStagingLeftovers());

  VersionRead v = ReadVersionFile(f.profile.target);
  REQUIRE(v.state == VersionFileState::kOk);
  CHECK(v.info->version == "0.1.1");
  CHECK(v.info->git_commit == commit);
  CHECK(v.info->git_branch == "main");
  CHECK_FALSE(v.info->git_dirty);
  CHECK(v.info->deployed_from == f.profile.source.string());
  CHECK(v.info->files_updated == 4);
  CHECK(v.info->files_removed == 1);
  CHECK(v.info->deployed_by == "test:me");
  CHECK(v.info->deployment_id == r.deployment_id);
  CHECK(v.info->backup_id == r.backup_id);
  CHECK(v.info->previous_version == "0.1.0");
  CHECK_FALSE(v.info->deployed.empty());
  REQUIRE(r.git);
  CHECK(r.git->commit == commit);

  REQUIRE_FALSE(r.backup_id.empty());
  CHECK(VerifyBackup(f.profile.backup_dir / r.backup_id).ok());
  CHECK(ua::testing::ReadFileOrDie(f.profile.backup_dir / r.backup_id / "files/old.py") == "old\n");
  auto last = LastHistoryRecord(f.profile.backup_dir);
  REQUIRE(last.ok());
  REQUIRE(last->has_value());
  CHECK((**last)["outcome"] == "complete");
  CHECK((**last)["deployment_id"] == r.deployment_id);
  CHECK((**last)["version"] == "0.1.1");
  CHECK((**last)["backup_id"] == r.backup_id);
  CHECK((**last)["files"]["removed"] == 1);

  std::ifstream log(f.log_file);
  std::string line;
  std::vector<std::string> events;
  while (std::getline(log, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    REQUIRE(j.is_object());
    CHECK(j["deployment_id"] == r.deployment_id);
    events.push_back(j["event"]);
  }
  CHECK(std::find(events.begin(), events.end(), "started") != events.end());
  CHECK(std::find(events.begin(), events.end(), "backup_created") != events.end());
  CHECK(events.back() == "finished");
  CHECK(ua::testing::ReadFileOrDie(f.log_file).find("s3cr3t") == std::string::npos);

  std::vector<DeployState> states;
  for (const auto& s : r.states) states.push_back(s.state);
  CHECK(states == std::vector<DeployState>{DeployState::kChecking, DeployState::kBackingUp,
                                           DeployState::kDeploying, DeployState::kTesting,
                                           DeployState::kFinalizing, DeployState::kComplete});
  REQUIRE_FALSE(progress.empty());
  CHECK(progress.back() == 100);
  for (size_t i = 1; i < progress.size(); ++i) CHECK(progress[i] > progress[i - 1]);
  CHECK_FALSE(f.LockHeld());
  CHECK_FALSE(f.JournalExists());
}

TEST_CASE("Every injected failure leaves the old release byte for byte", "[engine][deploy]") {
  const std::string point = GENERATE(
      as<std::string>{}, "CHECKING", "BACKING_UP", "BACKING_UP:after-file:2",
      "BACKING_UP:after-backup", "DEPLOYING", "DEPLOYING:after-stage", "DEPLOYING:after-journal",
      "DEPLOYING:after-rename:1", "DEPLOYING:after-rename:3", "DEPLOYING:after-remove:1",
      "DEPLOYING:after-switch", "TESTING", "FINALIZING", "FINALIZING:after-version");
  Fixture f;
  const Tree before = SnapshotTree(f.profile.target);
  auto result = f.RunWith({{"UA_DEPLOY_FAULT", point + "=fail"}});
  REQUIRE(result.ok());
  INFO(point << ": " << result->failure_reason);
  const std::string state = point.substr(0, point.find(':'));
  CHECK(result->failed_state == state);
  CHECK(result->failure_reason.find("injected fault at " + point) != std::string::npos);
  if (state == "CHECKING") {
    CHECK(result->outcome == DeployOutcome::kFailed);
  } else {
    CHECK(result->outcome == DeployOutcome::kRolledBack);
    CHECK(result->states.back().state == DeployState::kComplete);
    CHECK(result->states[result->states.size() - 2].state == DeployState::kRollback);
  }
  CHECK(SnapshotTree(f.profile.target) == before);
  CHECK_FALSE(f.HasStagingLeftovers());
  CHECK_FALSE(f.JournalExists());
  CHECK_FALSE(f.LockHeld());
  if (state != "CHECKING") {
    auto last = LastHistoryRecord(f.profile.backup_dir);
    REQUIRE(last.ok());
    REQUIRE(last->has_value());
    CHECK((**last)["outcome"] == "rolled_back");
    CHECK((**last)["failed_state"] == state);
  }
}

TEST_CASE("A second deploy of the same tree has no changes", "[engine][deploy]") {
  Fixture f;
  REQUIRE(f.Run()->outcome == DeployOutcome::kComplete);
  const Tree deployed = SnapshotTree(f.profile.target);
  auto again = f.Run();
  REQUIRE(again.ok());
  CHECK(again->outcome == DeployOutcome::kNoChanges);
  CHECK(again->version == "0.1.1");
  CHECK(again->backup_id.empty());
  CHECK(SnapshotTree(f.profile.target) == deployed);
  auto backups = ListBackups(f.profile.backup_dir);
  REQUIRE(backups.ok());
  CHECK(backups->size() == 1);
  auto history = ReadHistory(f.profile.backup_dir, 10);
  REQUIRE(history.ok());
  REQUIRE(history->size() == 2);
  CHECK((*history)[0]["outcome"] == "no_changes");
  CHECK_FALSE(f.LockHeld());
}

TEST_CASE("A dry run returns the plan and leaves no trace", "[engine][deploy]") {
  Fixture f;
  const Tree before = SnapshotTree(f.tmp.path());
  std::vector<std::string> entries_before;
  for (const auto& e : stdfs::recursive_directory_iterator(f.tmp.path())) {
    entries_before.push_back(e.path().string());
  }
  DeployRequest req = f.Request();
  req.dry_run = true;
  auto result = f.Run(req);
  REQUIRE(result.ok());
  CHECK(result->outcome == DeployOutcome::kDryRun);
  CHECK(result->version == "0.1.1");
  CHECK(result->plan.added.size() == 1);
  CHECK(result->plan.removed.size() == 1);
  CHECK(result->backup_id.empty());
  CHECK(SnapshotTree(f.tmp.path()) == before);
  std::vector<std::string> entries_after;
  for (const auto& e : stdfs::recursive_directory_iterator(f.tmp.path())) {
    entries_after.push_back(e.path().string());
  }
  CHECK(entries_after == entries_before);
  CHECK_FALSE(stdfs::exists(f.profile.backup_dir));
  CHECK_FALSE(stdfs::exists(f.log_file));
}

TEST_CASE("A corrupt VERSION is backed up and replaced", "[engine][deploy]") {
  Fixture f;
  WriteFile(f.profile.target / "VERSION", "{not json");
  auto result = f.Run();
  REQUIRE(result.ok());
  INFO(result->failure_reason);
  REQUIRE(result->outcome == DeployOutcome::kComplete);
  CHECK(result->version_file_was_corrupt);
  CHECK(result->version == "0.1.0");
  CHECK(ReadVersionFile(f.profile.target).state == VersionFileState::kOk);
  CHECK(ua::testing::ReadFileOrDie(f.profile.backup_dir / result->backup_id / "VERSION") ==
        "{not json");
}

TEST_CASE("A first deploy into a missing target gets an empty backup", "[engine][deploy]") {
  Fixture f;
  stdfs::remove_all(f.profile.target);
  auto result = f.Run();
  REQUIRE(result.ok());
  REQUIRE(result->outcome == DeployOutcome::kComplete);
  CHECK(result->version == "0.1.0");
  CHECK(result->previous_version.empty());
  auto backup = FindBackup(f.profile.backup_dir, result->backup_id);
  REQUIRE(backup.ok());
  CHECK(backup->files == 0);
  CHECK(ua::testing::ReadFileOrDie(f.profile.target / "server.py") == "print('new')\n");
}

TEST_CASE("A rolled-back first deploy leaves no target directory behind", "[engine][deploy]") {
  const std::string point =
      GENERATE(as<std::string>{}, "DEPLOYING:after-stage", "DEPLOYING:after-rename:3",
               "DEPLOYING:after-switch", "TESTING", "FINALIZING:after-version");
  Fixture f;
  stdfs::remove_all(f.profile.target);
  auto result = f.RunWith({{"UA_DEPLOY_FAULT", point + "=fail"}});
  REQUIRE(result.ok());
  INFO(point << ": " << result->failure_reason);
  CHECK(result->outcome == DeployOutcome::kRolledBack);
  CHECK_FALSE(stdfs::exists(f.profile.target));
  CHECK_FALSE(f.JournalExists());
}

TEST_CASE("A rolled-back first deploy keeps a target directory someone else filled",
          "[engine][deploy]") {
  Fixture f;
  stdfs::remove_all(f.profile.target);
  TestConfig test;
  test.type = "command";
  test.name = "writes a log, then fails";
  test.command = {"sh", "-c", "echo started > app.log; exit 1"};
  f.profile.tests = {test};
  auto result = f.Run();
  REQUIRE(result.ok());
  CHECK(result->outcome == DeployOutcome::kRolledBack);
  const Tree left = SnapshotTree(f.profile.target);
  CHECK(left.size() == 1);
  CHECK(left.count("app.log") == 1);
}

TEST_CASE("A held lock refuses the deployment with the holder", "[engine][deploy]") {
  Fixture f;
  LockHolder holder;
  holder.pid = 4242;
  holder.started = "2026-01-01T00:00:00.000Z";
  holder.deployment_id = "d-other";
  holder.operation = "deploy";
  auto lock = DeployLock::Acquire(LockPath(f.profile.backup_dir), holder, 0);
  REQUIRE(lock.ok());
  const Tree before = SnapshotTree(f.profile.target);
  auto result = f.Run();
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == StatusCode::kBusy);
  CHECK(result.status().message().find("deployment d-other by pid") != std::string::npos);
  CHECK(SnapshotTree(f.profile.target) == before);
  CHECK_FALSE(f.JournalExists());
}

TEST_CASE("Bad versions are refused before anything changes", "[engine][deploy]") {
  Fixture f;
  DeployRequest req = f.Request();
  req.version = "2.0";
  auto bad = f.Run(req);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == StatusCode::kInvalidArgument);
  req.version = "0.0.9";
  auto older = f.Run(req);
  REQUIRE_FALSE(older.ok());
  CHECK(older.status().message().find("allow_downgrade") != std::string::npos);
  CHECK_FALSE(f.JournalExists());
  CHECK_FALSE(f.LockHeld());
  req.profile.allow_downgrade = true;
  auto allowed = f.Run(req);
  REQUIRE(allowed.ok());
  CHECK(allowed->outcome == DeployOutcome::kComplete);
  CHECK(ReadVersionFile(f.profile.target).info->version == "0.0.9");
}

TEST_CASE("Pre-flight refusals end the deployment in CHECKING", "[engine][deploy]") {
  Fixture f;
  const Tree before = SnapshotTree(f.profile.target);
  SECTION("escaping symlink") {
    WriteFile(f.tmp / "outside.json", "{}");
    stdfs::create_symlink(f.tmp / "outside.json", f.profile.source / "leak.json");
  }
  SECTION("nested target") { f.profile.target = f.profile.source / "prod"; }
  SECTION("dirty git") {
    CommitTree(f.profile.source);
    WriteFile(f.profile.source / "server.py", "print('uncommitted')\n");
    f.profile.require_clean_git = true;
  }
  auto result = f.Run();
  REQUIRE(result.ok());
  CHECK(result->outcome == DeployOutcome::kFailed);
  CHECK(result->failed_state == "CHECKING");
  CHECK_FALSE(result->failure_reason.empty());
  CHECK(SnapshotTree(f.tmp / "prod") == before);
  CHECK_FALSE(f.JournalExists());
  CHECK_FALSE(f.LockHeld());
  auto backups = ListBackups(f.profile.backup_dir);
  REQUIRE(backups.ok());
  CHECK(backups->empty());
}

TEST_CASE("An escaping symlink is refused before any validator reads through it",
          "[engine][deploy]") {
  Fixture f;
  ValidatorConfig json_validator;
  json_validator.type = "json";
  f.profile.validators = {json_validator};
  WriteFile(f.tmp / "outside.json", "{\"private\": ");
  stdfs::create_symlink(f.tmp / "outside.json", f.profile.source / "leak.json");
  auto result = f.Run();
  REQUIRE(result.ok());
  CHECK(result->outcome == DeployOutcome::kFailed);
  CHECK(result->failed_state == "CHECKING");
  CHECK(result->failure_reason.find("leak.json") != std::string::npos);
  CHECK(result->validation.empty());
}

TEST_CASE("Cancellation mid-DEPLOYING rolls back", "[engine][deploy]") {
  Fixture f;
  const Tree before = SnapshotTree(f.profile.target);
  auto result = f.RunStoppingAt("installed");
  REQUIRE(result.ok());
  CHECK(result->outcome == DeployOutcome::kRolledBack);
  CHECK(result->failed_state == "DEPLOYING");
  CHECK(result->failure_reason == "cancelled");
  CHECK(SnapshotTree(f.profile.target) == before);
  CHECK_FALSE(f.JournalExists());
}

TEST_CASE("Cancellation before production changes just stops", "[engine][deploy]") {
  Fixture f;
  const Tree before = SnapshotTree(f.profile.target);
  auto result = f.RunStoppingAt("BACKING_UP");
  REQUIRE(result.ok());
  CHECK(result->outcome == DeployOutcome::kFailed);
  CHECK(result->failure_reason == "cancelled");
  CHECK(SnapshotTree(f.profile.target) == before);
  CHECK_FALSE(f.JournalExists());
  CHECK_FALSE(f.LockHeld());
}

TEST_CASE("A deployment blocked by validation leaves production and backups untouched",
          "[engine][deploy]") {
  Fixture f;
  ValidatorConfig json_validator, python_validator;
  json_validator.type = "json";
  python_validator.type = "python_syntax";
  f.profile.validators = {json_validator, python_validator};
  WriteFile(f.tmp / "src/agents.json", "{\"a\": 2,\n}\n");
  WriteFile(f.tmp / "src/sub/a.py", "def broken(:\n", 0755);
  const Tree before = SnapshotTree(f.profile.target);
  auto result = f.Run();
  REQUIRE(result.ok());
  CHECK(result->outcome == DeployOutcome::kFailed);
  CHECK(result->failed_state == "CHECKING");
  CHECK(result->backup_id.empty());
  REQUIRE(result->validation.size() == 2);
  for (const auto& finding : result->validation) {
    INFO(finding.path << ": " << finding.message);
    CHECK(finding.severity == "error");
    CHECK(finding.line.has_value());
  }
  CHECK(SnapshotTree(f.profile.target) == before);
  CHECK_FALSE(f.JournalExists());
  CHECK_FALSE(f.LockHeld());
  auto backups = ListBackups(f.profile.backup_dir);
  REQUIRE(backups.ok());
  CHECK(backups->empty());
  auto last = LastHistoryRecord(f.profile.backup_dir);
  REQUIRE(last.ok());
  REQUIRE(last->has_value());
  const auto& record = **last;
  CHECK(record["outcome"] == "failed");
  CHECK(record["failed_state"] == "CHECKING");
  CHECK(record["findings"]["errors"] == 2);
  CHECK(record["findings"]["warnings"] == 0);
  CHECK(record["backup_id"] == "");
}

TEST_CASE("A failing post-deploy test rolls back", "[engine][deploy]") {
  Fixture f;
  TestConfig test =
      ua::testing::CommandTest("exit 3", {"sh", "-c", "test -f sub/new/b.py && exit 3"});
  test.timeout_s = 20;
  f.profile.tests = {test};
  const Tree before = SnapshotTree(f.profile.target);
  auto result = f.Run();
  REQUIRE(result.ok());
  CHECK(result->outcome == DeployOutcome::kRolledBack);
  CHECK(result->failed_state == "TESTING");
  REQUIRE(result->tests.size() == 1);
  CHECK_FALSE(result->tests[0].passed);
  CHECK(SnapshotTree(f.profile.target) == before);
}

TEST_CASE("A rollback that cannot finish keeps the journal for recovery", "[engine][deploy]") {
  Fixture f;
  f.profile.tests = {ua::testing::CommandTest("fails", {"false"})};
  const Tree before = SnapshotTree(f.profile.target);
  auto result = f.RunWith({{"UA_DEPLOY_FAULT", "ROLLBACK:after-restore:1"}});
  REQUIRE(result.ok());
  CHECK(result->outcome == DeployOutcome::kFailed);
  CHECK(result->failed_state == "TESTING");
  // The report says what the files are, read from them, the ones not restored first.
  REQUIRE(result->recovery);
  const RecoveryReport& report = *result->recovery;
  CHECK_THAT(report.headline, Catch::StartsWith("production is a mix of the old and the new"));
  const auto state_of = [&](const std::string& path) {
    for (const auto& f : report.files) {
      if (f.path == path) return std::string(FileStateName(f.state));
    }
    return std::string("(not listed)");
  };
  CHECK(state_of("agents.json") == "old");
  CHECK(state_of("server.py") == "new");
  CHECK(state_of("sub/new/b.py") == "new");
  CHECK(state_of("VERSION") == "old");
  REQUIRE_FALSE(report.files.empty());
  CHECK(report.files.front().state != FileState::kOld);
  CHECK(std::any_of(report.commands.begin(), report.commands.end(),
                    [](const std::string& c) { return c.find("cp -a") != std::string::npos; }));
  CHECK(std::any_of(report.commands.begin(), report.commands.end(), [](const std::string& c) {
    return c.find("rm -f") != std::string::npos && c.find("sub/new/b.py") != std::string::npos;
  }));
  CHECK(report.journal == JournalPath(f.profile.backup_dir).string());
  CHECK(f.JournalExists());
  CHECK_FALSE(f.LockHeld());

  Environment env = Environment::Fixed({});
  DeployContext ctx;
  ctx.env = &env;
  auto recovered = RecoverIfInterrupted(f.profile, ctx);
  REQUIRE(recovered.ok());
  REQUIRE(recovered->has_value());
  CHECK((**recovered)["resolution"] == "rolled_back");
  CHECK(SnapshotTree(f.profile.target) == before);
  CHECK_FALSE(f.JournalExists());
  auto last = LastHistoryRecord(f.profile.backup_dir);
  REQUIRE(last.ok());
  CHECK((**last)["outcome"] == "interrupted");
  auto none = RecoverIfInterrupted(f.profile, ctx);
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
}

TEST_CASE("A change larger than the free space is refused in CHECKING", "[engine][deploy]") {
  Fixture f;
  const stdfs::path small = f.tmp / "small";
  stdfs::create_directories(small);
  SubprocessOptions mount;
  mount.argv = {"mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", small.string()};
  auto mounted = Subprocess::Run(mount);
  if (!mounted.ok() || !mounted->exit.success()) {
    WARN("cannot mount a 2 MiB tmpfs here (needs root); disk-full test skipped");
    return;
  }
  struct Unmount {
    stdfs::path dir;
    ~Unmount() {
      SubprocessOptions o;
      o.argv = {"umount", dir.string()};
      (void)Subprocess::Run(o);
    }
  } unmount{small};
  stdfs::copy(f.profile.target, small / "prod", stdfs::copy_options::recursive);
  f.profile.target = small / "prod";
  f.profile.backup_dir = small / "backups";
  WriteFile(f.profile.source / "big.json", std::string(3 * 1024 * 1024, 'x'));
  const Tree before = SnapshotTree(f.profile.target);
  auto result = f.Run();
  REQUIRE(result.ok());
  CHECK(result->outcome == DeployOutcome::kFailed);
  CHECK(result->failed_state == "CHECKING");
  CHECK(result->failure_reason.find("not enough free space") != std::string::npos);
  CHECK(result->failure_reason.find("bytes) free") != std::string::npos);
  CHECK(SnapshotTree(f.profile.target) == before);
  auto backups = ListBackups(f.profile.backup_dir);
  REQUIRE(backups.ok());
  CHECK(backups->empty());
}

}  // namespace
}  // namespace ua::engine
