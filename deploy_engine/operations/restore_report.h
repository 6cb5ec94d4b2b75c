// RestoreReport: what a person needs when a restore (a deployment's rollback, or ua-deploy
// rollback putting production back) stopped part way: what production is, read from its files
// (release_truth.h), why each write still to do is refused (write_obstacles.h), and shell
// commands that finish it, the obstacle's own command (e.g. chattr -i) before the copy.
//
// Read-only (it hashes and stats files); stateless; safe from any thread.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/status.h"
#include "deploy_engine/switch/release_switch.h"
#include "deploy_engine/switch/release_truth.h"

namespace ua::engine {

struct RecoveryReport {
  std::string headline;               // ReleaseTruth::Headline(), e.g. "production is a mix ..."
  std::vector<FileTruth> files;       // every file the operation changes, not-old ones first
  std::vector<std::string> reasons;   // why each remaining write is refused (or the error)
  std::vector<std::string> commands;  // finish by hand, in order (e.g. chattr -i before cp -a)
  std::string journal;                // kept: the next ua-deploy command retries the restore
};

// `remaining` is what the restore still had to do when it stopped at `why`.
RecoveryReport DescribeUnfinishedRestore(const ReleaseTruth& truth, const SwitchSet& remaining,
                                         const Status& why, const std::filesystem::path& target,
                                         const std::filesystem::path& backup_dir);

}  // namespace ua::engine
