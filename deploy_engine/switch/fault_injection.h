// FaultInjector: the test seam that makes a deployment fail, or die, at a named point, so
// tests can prove every failure and crash path leaves production as the old or the new
// release.
//
// Configured by the environment variable UA_DEPLOY_FAULT="<POINT>[=fail|=kill|=eio|=pause]"
// (default fail), read through the Environment given to the deployment:
//   fail   the step at that point returns an injected kInternal error;
//   kill   raises SIGKILL in the process at once;
//   eio    the step fails as a disk error would (kIoError, "Input/output error");
//   pause  the operation stops there until the test lets it go on, so the test can change the
//          world at exactly that point: it writes the point's name and a newline into the FIFO
//          <dir>/reached, then reads the FIFO <dir>/resume until EOF, where <dir> is the
//          variable UA_DEPLOY_FAULT_PAUSE_DIR (both FIFOs made by the test).
// Without the variable every check is a no-op.
//
// Points (N counts from 1, in the order the engine handles files):
//   CHECKING                      the lock is held and the journal started (not in dry runs:
//                                 there the point is after the lock check)
//   BACKING_UP, DEPLOYING, TESTING, FINALIZING, ROLLBACK  on entering the state
//   BACKING_UP:after-file:N       after the backup wrote its N-th file
//   BACKING_UP:after-backup       the backup is complete and verified
//   DEPLOYING:after-stage         new content staged and fsynced; production untouched
//   DEPLOYING:after-journal       the journal is written; production untouched
//   DEPLOYING:rename:N            just before the N-th file is renamed into production
//   DEPLOYING:after-rename:N      after the N-th file was renamed into production
//   DEPLOYING:after-remove:N      after the N-th removed file was unlinked
//   DEPLOYING:after-switch        every rename and unlink is done, journal says switched
//   FINALIZING:after-version      VERSION written, journal says version_written
//   ROLLBACK:after-restore:N      after the N-th file was restored during a rollback
//   ROLLBACK:after-safety-backup  ua-deploy rollback: the safety backup is complete; production
//                                 untouched, no journal yet
//   ROLLBACK:after-stage          the restored files are staged, the journal says staged
//   ROLLBACK:rename:N             just before the N-th restored file is renamed (ua-deploy
//                                 rollback)
//   ROLLBACK:after-rename:N       after the N-th restored file was renamed into production
//   ROLLBACK:after-remove:N       after the N-th file absent from the backup was unlinked
//   ROLLBACK:after-switch         every rename and unlink done, journal says switched
//   ROLLBACK:after-version        VERSION rewritten; the journal is still there
//
// Immutable after construction; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "platform/environment.h"

namespace ua::engine {

inline constexpr char kFaultVariable[] = "UA_DEPLOY_FAULT";
inline constexpr char kFaultPauseDirVariable[] = "UA_DEPLOY_FAULT_PAUSE_DIR";

class FaultInjector {
 public:
  enum class Action { kNone, kFail, kKill, kEio, kPause };

  FaultInjector() = default;
  // Parses UA_DEPLOY_FAULT; an unknown action is treated as fail (and logged).
  static FaultInjector FromEnvironment(const Environment& env);
  static FaultInjector For(std::string point, Action action, std::string pause_dir = "");

  // OK unless `point` is the configured one: then kills the process or returns the error.
  Status Check(std::string_view point) const;
  // Check("<prefix>:<n>").
  Status CheckCounted(std::string_view prefix, size_t n) const;
  bool armed() const { return action_ != Action::kNone; }

 private:
  Status Pause(std::string_view point) const;

  std::string point_;
  Action action_ = Action::kNone;
  std::string pause_dir_;
};

}  // namespace ua::engine
