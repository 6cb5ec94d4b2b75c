// python_syntax: every ".py" file of the plan must compile. One interpreter process checks all
// files: it reads a JSON array of paths on stdin and prints one JSON object per broken file.
// compile() never writes __pycache__ (only imports do), and -B makes sure of it.

#include <chrono>
#include <memory>
#include <string>

#include "base/json_text.h"
#include "deploy_engine/validation/validator.h"
#include "platform/output_tail.h"
#include "platform/subprocess.h"

namespace ua::engine {
namespace {

constexpr char kScript[] = R"PY(
import json, sys
sys.dont_write_bytecode = True
for path in json.load(sys.stdin):
    try:
        with open(path, "rb") as f:
            source = f.read()
        compile(source, path, "exec", dont_inherit=True)
    except SyntaxError as e:
        print(json.dumps({"path": path, "line": e.lineno, "column": e.offset,
                          "message": type(e).__name__ + ": " + str(e.msg)}), flush=True)
    except (OSError, ValueError) as e:
        print(json.dumps({"path": path, "message": type(e).__name__ + ": " + str(e)}),
              flush=True)
)PY";

class PythonSyntaxValidator : public Validator {
 public:
  PythonSyntaxValidator(ValidatorConfig config, std::string severity, std::string python,
                        double timeout_s)
      : config_(std::move(config)),
        severity_(std::move(severity)),
        python_(std::move(python)),
        timeout_s_(timeout_s) {}

  Status Run(const ValidationInput& input, std::stop_token stop,
             std::vector<ValidationFinding>* findings) override {
    nlohmann::json paths = nlohmann::json::array();
    for (const std::string& rel : input.files) {
      if (HasSuffix(rel, ".py")) paths.push_back(rel);
    }
    if (paths.empty()) return Status::Ok();
    if (stop.stop_requested()) return Status(StatusCode::kCancelled, "validation cancelled");
    SubprocessOptions o;
    o.argv = {python_, "-B", "-I", "-c", kScript};
    o.cwd = input.source_root.string();
    o.stdin_bytes = paths.dump();
    o.timeout = std::chrono::milliseconds(static_cast<int64_t>(timeout_s_ * 1000));
    o.output_cap = 1024 * 1024;
    auto r = Subprocess::Run(o);
    if (!r.ok()) {
      if (config_.required) {
        findings->push_back(
            MakeFinding(config_, "", "error",
                        r.status().message() + "; install Python 3 (the validator is required)"));
      } else {
        findings->push_back(MakeFinding(
            config_, "", "warning",
            "skipped: " + r.status().message() +
                "; install Python 3, or set \"required\": true to block deployments without it"));
      }
      return Status::Ok();
    }
    if (r->timed_out || !r->exit.success()) {
      const std::string why =
          r->timed_out ? "timed out after " + FormatSeconds(timeout_s_) : r->exit.Describe();
      findings->push_back(MakeFinding(
          config_, "", severity_,
          python_ + " could not check the files (" + why + "): " + TailOf(r->stderr_text)));
      return Status::Ok();
    }
    size_t start = 0;
    const std::string& out = r->stdout_text;
    while (start < out.size()) {
      size_t nl = out.find('\n', start);
      if (nl == std::string::npos) nl = out.size();
      const std::string line = out.substr(start, nl - start);
      start = nl + 1;
      if (line.empty()) continue;
      auto item = ParseJsonText(line);
      if (!item.ok() || !item->is_object() || !(*item)["path"].is_string() ||
          !(*item)["message"].is_string()) {
        findings->push_back(
            MakeFinding(config_, "", severity_,
                        "unexpected output from " + python_ + ": " + TailOf(line, 200)));
        continue;
      }
      std::optional<int> lineno, column;
      if ((*item)["line"].is_number_integer()) lineno = (*item)["line"].get<int>();
      if ((*item)["column"].is_number_integer()) column = (*item)["column"].get<int>();
      findings->push_back(MakeFinding(config_, (*item)["path"].get<std::string>(), severity_,
                                      (*item)["message"].get<std::string>(), lineno, column));
    }
    return Status::Ok();
  }

 private:
  ValidatorConfig config_;
  std::string severity_;
  std::string python_;
  double timeout_s_;
};

}  // namespace

Result<std::unique_ptr<Validator>> NewPythonSyntaxValidator(const ValidatorConfig& config,
                                                            const std::filesystem::path&) {
  UA_ASSIGN_OR_RETURN(std::string severity, SeverityOption(config));
  const nlohmann::json& o = config.options;
  std::string python = "python3";
  if (o.contains("python")) {
    if (!o["python"].is_string() || o["python"].get<std::string>().empty()) {
      return OptionError(config, "python", "not a non-empty string",
                         "name the interpreter, e.g. \"python\": \"python3.12\", or remove it");
    }
    python = o["python"].get<std::string>();
  }
  double timeout_s = 60;
  if (o.contains("timeout_s")) {
    if (!o["timeout_s"].is_number() || o["timeout_s"].get<double>() <= 0) {
      return OptionError(config, "timeout_s", "not a number > 0",
                         "give seconds, e.g. \"timeout_s\": 60, or remove it (default 60)");
    }
    timeout_s = o["timeout_s"].get<double>();
  }
  return std::unique_ptr<Validator>(
      std::make_unique<PythonSyntaxValidator>(config, severity, python, timeout_s));
}

}  // namespace ua::engine
