// command: any program checks the plan. It gets the files (relative paths, one per line) on
// stdin and runs in the source root; a non-zero exit or a timeout blocks, with the tail of
// its output in the finding.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "deploy_engine/validation/validator.h"
#include "platform/output_tail.h"
#include "platform/subprocess.h"

namespace ua::engine {
namespace {

class CommandValidator : public Validator {
 public:
  CommandValidator(ValidatorConfig config, std::string severity, std::vector<std::string> argv,
                   double timeout_s)
      : config_(std::move(config)),
        severity_(std::move(severity)),
        argv_(std::move(argv)),
        timeout_s_(timeout_s) {}

  Status Run(const ValidationInput& input, std::stop_token stop,
             std::vector<ValidationFinding>* findings) override {
    if (stop.stop_requested()) return Status(StatusCode::kCancelled, "validation cancelled");
    std::string command_line;
    for (const std::string& a : argv_) command_line += (command_line.empty() ? "" : " ") + a;
    SubprocessOptions o;
    o.argv = argv_;
    o.cwd = input.source_root.string();
    for (const std::string& f : input.files) o.stdin_bytes += f + "\n";
    o.timeout = std::chrono::milliseconds(static_cast<int64_t>(timeout_s_ * 1000));
    auto r = Subprocess::Run(o);
    if (!r.ok()) {
      findings->push_back(MakeFinding(
          config_, "", severity_, "`" + command_line + "` could not run: " + r.status().message()));
      return Status::Ok();
    }
    std::string why;
    if (r->timed_out) {
      why = "timed out after " + FormatSeconds(timeout_s_);
    } else if (!r->exit.success()) {
      why = "failed (" + r->exit.Describe() + ")";
    } else {
      return Status::Ok();
    }
    const std::string tail = OutputTail(*r);
    findings->push_back(MakeFinding(
        config_, "", severity_,
        "`" + command_line + "` " + why + (tail.empty() ? ", no output" : ": " + tail)));
    return Status::Ok();
  }

 private:
  ValidatorConfig config_;
  std::string severity_;
  std::vector<std::string> argv_;
  double timeout_s_;
};

}  // namespace

Result<std::unique_ptr<Validator>> NewCommandValidator(const ValidatorConfig& config,
                                                       const std::filesystem::path&) {
  UA_ASSIGN_OR_RETURN(std::string severity, SeverityOption(config));
  const nlohmann::json& o = config.options;
  std::vector<std::string> argv;
  if (o.contains("command") && o["command"].is_array()) {
    for (const nlohmann::json& a : o["command"]) {
      if (!a.is_string() || a.get<std::string>().empty()) {
        argv.clear();
        break;
      }
      argv.push_back(a.get<std::string>());
    }
  }
  if (argv.empty()) {
    return OptionError(config, "command", "missing, empty or not an array of non-empty strings",
                       "give the program and its arguments, e.g. \"command\": [\"./check.sh\"]");
  }
  double timeout_s = 60;
  if (o.contains("timeout_s")) {
    if (!o["timeout_s"].is_number() || o["timeout_s"].get<double>() <= 0) {
      return OptionError(config, "timeout_s", "not a number > 0",
                         "give seconds, e.g. \"timeout_s\": 30, or remove it (default 60)");
    }
    timeout_s = o["timeout_s"].get<double>();
  }
  return std::unique_ptr<Validator>(
      std::make_unique<CommandValidator>(config, severity, std::move(argv), timeout_s));
}

}  // namespace ua::engine
