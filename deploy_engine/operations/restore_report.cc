#include "deploy_engine/operations/restore_report.h"

#include "deploy_engine/operations/recovery.h"
#include "deploy_engine/state/layout.h"
#include "deploy_engine/switch/write_obstacles.h"

namespace ua::engine {

RecoveryReport DescribeUnfinishedRestore(const ReleaseTruth& truth, const SwitchSet& remaining,
                                         const Status& why, const std::filesystem::path& target,
                                         const std::filesystem::path& backup_dir) {
  RecoveryReport report;
  report.headline = truth.Headline();
  report.files = truth.files;
  report.journal = JournalPath(backup_dir).string();
  PlannedWrites writes;
  for (const SwitchPut& p : remaining.put) writes.replace.push_back(p.path);
  writes.remove = remaining.remove;
  for (const WriteObstacle& o : FindWriteObstacles(writes, target, backup_dir)) {
    report.reasons.push_back(o.path.string() + ": " + o.reason + "; " + o.fix);
    if (!o.command.empty()) report.commands.push_back(o.command);
  }
  if (report.reasons.empty()) report.reasons.push_back(why.ToString());
  for (auto& line : ManualRestoreCommands(target, remaining)) {
    report.commands.push_back(std::move(line));
  }
  return report;
}

}  // namespace ua::engine
