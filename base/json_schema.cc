#include "base/json_schema.h"

#include <algorithm>
#include <exception>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "base/embedded_schemas.h"

namespace ua {

struct JsonSchema::Impl {
  valijson::Schema schema;
};

JsonSchema::JsonSchema(nlohmann::json document, std::unique_ptr<Impl> impl)
    : document_(std::move(document)), impl_(std::move(impl)) {}

JsonSchema::~JsonSchema() = default;

Result<std::shared_ptr<const JsonSchema>> JsonSchema::Parse(const nlohmann::json& schema) {
  auto impl = std::make_unique<Impl>();
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(schema);
    parser.populateSchema(adapter, impl->schema);
  } catch (const std::exception& e) {
    return InvalidArgument(std::string("not a usable JSON Schema: ") + e.what());
  }
  return std::shared_ptr<const JsonSchema>(new JsonSchema(schema, std::move(impl)));
}

Result<nlohmann::json> EmbeddedSchemaDocument(std::string_view name) {
  auto text = EmbeddedSchema(name);
  if (!text) return NotFound("no embedded schema named '" + std::string(name) + "'");
  nlohmann::json doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return Internal("embedded schema '" + std::string(name) + "' is not valid JSON");
  }
  return doc;
}

Result<std::shared_ptr<const JsonSchema>> JsonSchema::FromEmbedded(std::string_view name) {
  UA_ASSIGN_OR_RETURN(nlohmann::json doc, EmbeddedSchemaDocument(name));
  return Parse(doc);
}

namespace {

// valijson context: {"<root>", "[profiles]", "[a/b]"} -> "/profiles/a~1b".
std::string ContextToPath(const std::vector<std::string>& context) {
  std::string path;
  for (const std::string& part : context) {
    if (part == "<root>") continue;
    std::string token = part;
    if (token.size() >= 2 && token.front() == '[' && token.back() == ']') {
      token = token.substr(1, token.size() - 2);
    }
    path += "/" + JsonPointerToken(token);
  }
  return path;
}

}  // namespace

std::vector<SchemaViolation> JsonSchema::Validate(const nlohmann::json& document) const {
  // One validator per thread, kept: its only state is valijson's cache of compiled "pattern"
  // regexes (keyed by the pattern's text, so shared safely by every schema), and compiling a
  // std::regex costs more than validating most documents.
  thread_local valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter adapter(document);
  std::vector<std::pair<size_t, SchemaViolation>> found;
  try {
    if (validator.validate(impl_->schema, adapter, &results)) return {};
  } catch (const std::exception& e) {
    return {SchemaViolation{"", std::string("schema validation failed: ") + e.what()}};
  }
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    found.push_back({error.context.size(), {ContextToPath(error.context), error.description}});
  }
  // Deepest paths first: they name the actual offending value; the parents only say
  // "failed to validate property x".
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<SchemaViolation> out;
  out.reserve(found.size());
  for (auto& [depth, v] : found) out.push_back(std::move(v));
  return out;
}

std::string JsonPointerToken(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string DescribeViolations(const std::vector<SchemaViolation>& violations, size_t max) {
  std::string s;
  for (size_t i = 0; i < violations.size() && i < max; ++i) {
    if (i) s += "; ";
    s += (violations[i].path.empty() ? std::string("(root)") : violations[i].path) + ": " +
         violations[i].message;
  }
  if (violations.size() > max) s += "; and " + std::to_string(violations.size() - max) + " more";
  return s;
}

}  // namespace ua
