#include "deploy_engine/validation/validator.h"

#include <cstdio>
#include <utility>

#include "base/json_text.h"
#include "platform/fs_ops.h"

namespace ua::engine {
namespace {

// ParseJsonText's error message split into line, column and a reason that never quotes the
// document's text.
struct JsonSyntaxError {
  std::optional<int> line, column;
  std::string reason;
};

JsonSyntaxError DescribeJsonSyntaxError(const std::string& message) {
  // ParseJsonText's form: "invalid JSON at line L, column C: <reason>".
  JsonSyntaxError e;
  int line = 0, column = 0, consumed = 0;
  if (std::sscanf(message.c_str(), "invalid JSON at line %d, column %d: %n", &line, &column,
                  &consumed) == 2 &&
      consumed > 0) {
    e.line = line;
    e.column = column;
    e.reason = message.substr(static_cast<size_t>(consumed));
  } else {
    e.reason = message;
  }
  // nlohmann quotes the token it stopped at ("; last read: '...'"), which could be part of a
  // secret in a broken file: keep it out of findings.
  const size_t last_read = e.reason.find("; last read:");
  if (last_read != std::string::npos) e.reason.erase(last_read);
  return e;
}

}  // namespace

Result<std::string> SeverityOption(const ValidatorConfig& config) {
  if (!config.options.is_object() || !config.options.contains("severity"))
    return std::string("error");
  const nlohmann::json& s = config.options["severity"];
  if (s.is_string() && (s == "error" || s == "warning")) return s.get<std::string>();
  return OptionError(config, "severity", "expected \"error\" or \"warning\", got " + s.dump(),
                     "use \"warning\" to report without blocking, or remove the key");
}

Status OptionError(const ValidatorConfig& config, std::string_view option, std::string_view problem,
                   std::string_view fix) {
  return InvalidArgument("validator \"" + config.type + "\": option \"" + std::string(option) +
                         "\": " + std::string(problem) + "; " + std::string(fix));
}

ValidationFinding MakeFinding(const ValidatorConfig& config, std::string path, std::string severity,
                              std::string message, std::optional<int> line,
                              std::optional<int> column) {
  ValidationFinding f;
  f.validator = config.type;
  f.path = std::move(path);
  f.line = line;
  f.column = column;
  f.severity = std::move(severity);
  f.message = std::move(message);
  return f;
}

std::optional<nlohmann::json> ReadJsonDocument(const ValidatorConfig& config,
                                               const std::string& severity,
                                               const ValidationInput& input, const std::string& rel,
                                               std::vector<ValidationFinding>* findings) {
  auto text = fs::ReadFile(input.source_root / rel);
  if (!text.ok()) {
    findings->push_back(
        MakeFinding(config, rel, severity, "cannot read: " + text.status().message()));
    return std::nullopt;
  }
  auto doc = ParseJsonText(*text);
  if (doc.ok()) return std::move(doc).value();
  JsonSyntaxError e = DescribeJsonSyntaxError(doc.status().message());
  findings->push_back(
      MakeFinding(config, rel, severity, "invalid JSON: " + e.reason, e.line, e.column));
  return std::nullopt;
}

bool HasSuffix(std::string_view name, std::string_view suffix) {
  return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
}

}  // namespace ua::engine
