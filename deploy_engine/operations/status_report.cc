#include "deploy_engine/operations/status_report.h"

#include <spdlog/spdlog.h>

#include "deploy_engine/files/hash_cache.h"
#include "deploy_engine/state/history.h"
#include "deploy_engine/state/journal.h"
#include "deploy_engine/state/layout.h"
#include "platform/clock.h"

namespace ua::engine {

Result<StatusReport> ComputeStatus(const Config& config, const Profile& profile,
                                   const Environment& env,
                                   std::chrono::system_clock::time_point now) {
  StatusReport r;
  r.profile = profile;
  r.config_origin = config.origin;

  std::optional<std::filesystem::path> cache_file = HashCachePath(profile, env);
  HashCache cache = cache_file ? HashCache::Load(*cache_file) : HashCache::InMemory();
  UA_ASSIGN_OR_RETURN(r.pending, BuildPlan(profile, cache));
  if (Status saved = cache.Save(); !saved.ok()) {
    spdlog::warn("status: hash cache not saved (next run hashes again): {}", saved.ToString());
  }
  r.hash_cache_hits = cache.hits();
  r.hash_cache_misses = cache.misses();

  r.production = ReadVersionFile(profile.target);
  if (r.production.info) {
    if (auto deployed = ParseIsoUtc(r.production.info->deployed); deployed.ok()) {
      r.age_seconds = std::chrono::duration<double>(now - *deployed).count();
    }
  }

  if (auto git = ReadGitFacts(profile.source); git.ok()) {
    r.source_git = std::move(git).value();
  } else {
    r.source_git_error = git.status().ToString();
  }

  if (auto backups = ListBackups(profile.backup_dir); backups.ok()) {
    r.backups = std::move(backups).value();
  } else {
    return backups.status();
  }

  UA_ASSIGN_OR_RETURN(r.lock, ProbeLock(LockPath(profile.backup_dir)));
  if (auto last = LastHistoryRecord(profile.backup_dir); last.ok()) {
    r.last_deployment = std::move(last).value();
  } else {
    spdlog::warn("status: history unreadable: {}", last.status().ToString());
  }
  // A journal, even an unreadable one, left while nobody holds the lock means an operation
  // died before finishing; with the lock held it is simply in flight.
  auto journal = ReadJournal(profile.backup_dir);
  r.interrupted = !r.lock.held && (!journal.ok() || journal->has_value());
  r.running = RunningOperations(profile.backup_dir);
  r.restart = FindProcessesUsing(profile.target);
  // Only a process that started before the current release was deployed runs old code.
  if (r.restart.status == RestartStatus::kRequired && r.age_seconds) {
    const auto deployed_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(
            now.time_since_epoch() - std::chrono::duration<double>(*r.age_seconds))
            .count();
    std::erase_if(r.restart.processes, [&](const RunningProcess& p) {
      return p.started_unix_ms != 0 && p.started_unix_ms >= deployed_ms;
    });
    if (r.restart.processes.empty()) {
      r.restart.status = RestartStatus::kNone;
      r.restart.reason = "every process using the target started after the current release";
    } else {
      r.restart.reason = std::to_string(r.restart.processes.size()) +
                         " process(es) started before the current release still use the target";
    }
  }
  return r;
}

}  // namespace ua::engine
