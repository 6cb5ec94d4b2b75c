// json_schema: files matching the "glob" option are validated against the JSON Schema named by
// the "schema" option (relative to the source root); one finding per problem, naming the JSON
// path and phrased from the schema (base/schema_explain.h), never quoting a string of the file.

#include <memory>
#include <string>

#include "base/glob.h"
#include "base/json_schema.h"
#include "base/json_text.h"
#include "base/schema_explain.h"
#include "deploy_engine/validation/validator.h"
#include "platform/fs_ops.h"

namespace ua::engine {
namespace {

// The checked files may hold secrets: their strings are named, never quoted.
ExplainOptions FileOptions() {
  ExplainOptions options;
  options.quote_strings = false;
  return options;
}

class JsonSchemaValidator : public Validator {
 public:
  JsonSchemaValidator(ValidatorConfig config, std::string severity, Glob glob,
                      std::shared_ptr<const JsonSchema> schema)
      : config_(std::move(config)),
        severity_(std::move(severity)),
        glob_(std::move(glob)),
        schema_(std::move(schema)) {}

  Status Run(const ValidationInput& input, std::stop_token stop,
             std::vector<ValidationFinding>* findings) override {
    for (const std::string& rel : input.files) {
      if (!glob_.Matches(rel)) continue;
      if (stop.stop_requested()) return Status(StatusCode::kCancelled, "validation cancelled");
      std::optional<nlohmann::json> doc =
          ReadJsonDocument(config_, severity_, input, rel, findings);
      if (!doc) continue;
      const std::vector<SchemaViolation> violations = schema_->Validate(*doc);
      for (const SchemaFinding& f :
           ExplainViolations(schema_->document(), *doc, violations, FileOptions())) {
        findings->push_back(MakeFinding(
            config_, rel, severity_,
            FormatFinding(f) + " (schema " + config_.options["schema"].get<std::string>() + ")"));
      }
    }
    return Status::Ok();
  }

 private:
  ValidatorConfig config_;
  std::string severity_;
  Glob glob_;
  std::shared_ptr<const JsonSchema> schema_;
};

}  // namespace

Result<std::unique_ptr<Validator>> NewJsonSchemaValidator(
    const ValidatorConfig& config, const std::filesystem::path& source_root) {
  UA_ASSIGN_OR_RETURN(std::string severity, SeverityOption(config));
  const nlohmann::json& o = config.options;
  if (!o.contains("glob") || !o["glob"].is_string() || o["glob"].get<std::string>().empty()) {
    return OptionError(config, "glob", "missing or not a non-empty string",
                       "name the files to check, e.g. \"glob\": \"templates/*.json\"");
  }
  if (!o.contains("schema") || !o["schema"].is_string() || o["schema"].get<std::string>().empty()) {
    return OptionError(config, "schema", "missing or not a non-empty string",
                       "name a JSON Schema file relative to the source, e.g. "
                       "\"schema\": \"schemas/agents.schema.json\"");
  }
  const std::filesystem::path file = source_root / o["schema"].get<std::string>();
  auto text = fs::ReadFile(file);
  if (!text.ok()) {
    return OptionError(config, "schema",
                       "cannot read " + file.string() + ": " + text.status().message(),
                       "create the schema file or fix the path (relative to the source)");
  }
  auto doc = ParseJsonText(*text);
  if (!doc.ok()) {
    return OptionError(config, "schema", file.string() + ": " + doc.status().message(),
                       "fix the schema file's JSON");
  }
  auto schema = JsonSchema::Parse(*doc);
  if (!schema.ok()) {
    return OptionError(config, "schema",
                       file.string() + " is not a usable JSON Schema: " + schema.status().message(),
                       "fix the schema (draft 7)");
  }
  return std::unique_ptr<Validator>(std::make_unique<JsonSchemaValidator>(
      config, severity, Glob(o["glob"].get<std::string>()), std::move(schema).value()));
}

}  // namespace ua::engine
