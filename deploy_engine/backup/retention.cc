#include "deploy_engine/backup/retention.h"

#include <algorithm>
#include <map>
#include <set>

#include <spdlog/spdlog.h>

#include "deploy_engine/backup/backup_catalog.h"
#include "deploy_engine/state/history.h"

namespace ua::engine {
namespace {

bool IsBadOutcome(const std::string& outcome) {
  return outcome == "failed" || outcome == "rolled_back" || outcome == "interrupted";
}

}  // namespace

Result<std::vector<std::string>> PruneBackups(const std::filesystem::path& backup_dir,
                                              int keep_backups,
                                              const std::vector<std::string>& protect) {
  const size_t keep = static_cast<size_t>(std::max(keep_backups, 1));
  UA_ASSIGN_OR_RETURN(std::vector<BackupInfo> backups, ListBackups(backup_dir));
  if (backups.size() <= keep) return std::vector<std::string>();
  UA_ASSIGN_OR_RETURN(auto outcomes, OutcomesByDeployment(backup_dir));
  auto bad = [&](const BackupInfo& b) {
    if (b.damaged) return true;
    auto it = outcomes.find(b.deployment_id);
    return it != outcomes.end() && IsBadOutcome(it->second);
  };

  std::set<std::string> kept(protect.begin(), protect.end());
  for (const BackupInfo& b : backups) {
    if (!bad(b)) {
      kept.insert(b.backup_id);
      break;
    }
  }
  size_t listed_kept = 0;  // kept ids that are listed backups (`protect` may name others)
  for (const BackupInfo& b : backups) listed_kept += kept.count(b.backup_id);
  for (bool want_bad : {false, true}) {
    for (const BackupInfo& b : backups) {
      if (listed_kept >= keep) break;
      if (bad(b) == want_bad && kept.insert(b.backup_id).second) ++listed_kept;
    }
  }
  std::vector<std::string> pruned;
  for (const BackupInfo& b : backups) {
    if (kept.count(b.backup_id)) continue;
    UA_RETURN_IF_ERROR(RemoveBackup(backup_dir, b.backup_id));
    pruned.push_back(b.backup_id);
  }
  return pruned;
}

void PruneBackupsOrWarn(const std::filesystem::path& backup_dir, int keep_backups,
                        const std::vector<std::string>& protect) {
  auto pruned = PruneBackups(backup_dir, keep_backups, protect);
  if (!pruned.ok()) {
    spdlog::warn("retention: backups in {} not pruned: {}", backup_dir.string(),
                 pruned.status().ToString());
  } else if (!pruned->empty()) {
    spdlog::info("retention: pruned {} backup(s) beyond keep_backups {}", pruned->size(),
                 keep_backups);
  }
}

}  // namespace ua::engine
