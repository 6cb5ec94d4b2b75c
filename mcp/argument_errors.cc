#include "mcp/argument_errors.h"

#include <optional>
#include <string_view>

namespace ua::mcp {

namespace {

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 1;
  while (start <= path.size() && !path.empty()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

// The sub-schema that governs `path`, following properties / items only.
const nlohmann::json* SchemaAt(const nlohmann::json& schema,
                               const std::vector<std::string>& parts) {
  const nlohmann::json* node = &schema;
  for (const std::string& part : parts) {
    if (!node->is_object()) return nullptr;
    auto props = node->find("properties");
    if (props != node->end() && props->is_object() && props->contains(part)) {
      node = &(*props)[part];
      continue;
    }
    auto items = node->find("items");
    if (items != node->end() && items->is_object()) {
      node = &*items;
      continue;
    }
    return nullptr;
  }
  return node;
}

const nlohmann::json* ValueAt(const nlohmann::json& value, const std::vector<std::string>& parts) {
  const nlohmann::json* node = &value;
  for (const std::string& part : parts) {
    if (node->is_object()) {
      auto it = node->find(part);
      if (it == node->end()) return nullptr;
      node = &*it;
    } else if (node->is_array()) {
      size_t index = 0;
      for (char c : part) {
        if (c < '0' || c > '9') return nullptr;
        index = index * 10 + static_cast<size_t>(c - '0');
      }
      if (part.empty() || index >= node->size()) return nullptr;
      node = &(*node)[index];
    } else {
      return nullptr;
    }
  }
  return node;
}

std::optional<std::string> ExpectedTypes(const nlohmann::json* schema) {
  if (!schema || !schema->is_object()) return std::nullopt;
  auto type = schema->find("type");
  if (type == schema->end()) return std::nullopt;
  if (type->is_string()) return type->get<std::string>();
  if (!type->is_array()) return std::nullopt;
  std::string out;
  for (const auto& t : *type) {
    if (!t.is_string()) continue;
    if (!out.empty()) out += " or ";
    out += t.get<std::string>();
  }
  return out.empty() ? std::nullopt : std::optional<std::string>(out);
}

bool IsStrictPrefix(const std::string& parent, const std::string& child) {
  return child.size() > parent.size() && child.compare(0, parent.size(), parent) == 0 &&
         child[parent.size()] == '/';
}

}  // namespace

std::string JsonTypeName(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::boolean:
      return "boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return "integer";
    case nlohmann::json::value_t::number_float:
      return "number";
    case nlohmann::json::value_t::string:
      return "string";
    case nlohmann::json::value_t::array:
      return "array";
    default:
      return "object";
  }
}

std::string DescribeArgumentViolations(const nlohmann::json& schema,
                                       const nlohmann::json& arguments,
                                       const std::vector<SchemaViolation>& violations) {
  std::vector<SchemaViolation> specific;
  for (const SchemaViolation& v : violations) {
    bool has_child = false;
    for (const SchemaViolation& other : violations) {
      if (IsStrictPrefix(v.path, other.path)) has_child = true;
    }
    if (has_child) continue;
    SchemaViolation out = v;
    if (v.message.find("'type'") != std::string::npos) {
      std::vector<std::string> parts = SplitPath(v.path);
      std::optional<std::string> expected = ExpectedTypes(SchemaAt(schema, parts));
      const nlohmann::json* actual = ValueAt(arguments, parts);
      if (expected && actual) {
        out.message = "expected " + *expected + ", got " + JsonTypeName(*actual);
      }
    }
    bool duplicate = false;
    for (const SchemaViolation& seen : specific) {
      if (seen.path == out.path && seen.message == out.message) duplicate = true;
    }
    if (!duplicate) specific.push_back(std::move(out));
  }
  return DescribeViolations(specific);
}

}  // namespace ua::mcp
