// JsonSchema: a compiled JSON Schema (draft 7 subset that valijson 1.0 supports) and
// validation of nlohmann::json documents against it, with findings that name the JSON
// path of the offending value and the rule it broke.
//
// A JsonSchema is immutable after construction and may be shared by threads that validate
// concurrently (each thread keeps one valijson Validator, whose compiled regexes it reuses).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace ua {

struct SchemaViolation {
  std::string path;     // JSON pointer, e.g. "/profiles/x/keep_backups" ("" = root)
  std::string message;  // the rule broken, e.g. "Value type not permitted by 'type' constraint."
};

// The embedded schema `name` (see embedded_schemas.h) as a JSON document. kNotFound when
// unknown; kInternal when the embedded text is not JSON (a build defect).
Result<nlohmann::json> EmbeddedSchemaDocument(std::string_view name);

class JsonSchema {
 public:
  // Parses a schema document. Fails with kInvalidArgument when it is not a usable schema.
  static Result<std::shared_ptr<const JsonSchema>> Parse(const nlohmann::json& schema);
  // Parses the embedded schema `name` (see embedded_schemas.h). kNotFound when unknown.
  static Result<std::shared_ptr<const JsonSchema>> FromEmbedded(std::string_view name);

  ~JsonSchema();
  JsonSchema(const JsonSchema&) = delete;
  JsonSchema& operator=(const JsonSchema&) = delete;

  // Returns every violation, most specific first; empty when the document is valid.
  std::vector<SchemaViolation> Validate(const nlohmann::json& document) const;

  const nlohmann::json& document() const { return document_; }

 private:
  struct Impl;
  JsonSchema(nlohmann::json document, std::unique_ptr<Impl> impl);
  nlohmann::json document_;
  std::unique_ptr<Impl> impl_;
};

// "/a/b: message; /c: message" — valijson's own messages on one line. Errors for people are
// phrased by ExplainViolations (base/schema_explain.h) instead.
std::string DescribeViolations(const std::vector<SchemaViolation>& violations, size_t max = 5);

// RFC 6901 escaping of one JSON pointer token ("a/b" -> "a~1b").
std::string JsonPointerToken(const std::string& key);

}  // namespace ua
