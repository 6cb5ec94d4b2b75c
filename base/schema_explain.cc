#include "base/schema_explain.h"

#include <regex>
#include <vector>

namespace ua {
namespace {

using json = nlohmann::json;

std::string Shown(const json& v) {
  if (v.is_object()) return "an object";
  if (v.is_array()) return "an array";
  std::string s = v.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

bool HasType(const json& v, const std::string& type) {
  if (type == "string") return v.is_string();
  if (type == "integer") return v.is_number_integer();
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_boolean();
  if (type == "array") return v.is_array();
  if (type == "object") return v.is_object();
  if (type == "null") return v.is_null();
  return false;
}

bool TypeMatches(const json& v, const json& type) {
  if (type.is_string()) return HasType(v, type.get<std::string>());
  if (type.is_array()) {
    for (const json& t : type) {
      if (t.is_string() && HasType(v, t.get<std::string>())) return true;
    }
    return false;
  }
  return true;
}

std::string NumberText(const json& n) { return n.dump(); }

std::string DescribeType(const json& schema, const std::string& type) {
  if (type == "string") {
    std::string s = schema.value("minLength", 0) > 0 ? "a non-empty string" : "a string";
    if (schema.contains("pattern")) s += " matching " + schema["pattern"].get<std::string>();
    return s;
  }
  if (type == "integer" || type == "number") {
    std::string s = type == "integer" ? "an integer" : "a number";
    if (schema.contains("minimum")) s += " >= " + NumberText(schema["minimum"]);
    if (schema.contains("exclusiveMinimum")) s += " > " + NumberText(schema["exclusiveMinimum"]);
    return s;
  }
  if (type == "boolean") return "true or false";
  if (type == "null") return "null";
  if (type == "array") {
    std::string s = schema.value("minItems", 0) > 0 ? "a non-empty array" : "an array";
    if (schema.contains("items") && schema["items"].is_object()) {
      const json& items = schema["items"];
      if (items.value("type", "") == "string") return s + " of strings";
      if (items.value("type", "") == "object") return s + " of objects";
    }
    return s;
  }
  if (type == "object") return "an object";
  return type;
}

using Finding = std::optional<SchemaFinding>;

Finding Bad(const std::string& path, const json& schema, const json& v) {
  return SchemaFinding{path, "expected " + DescribeExpected(schema) + ", got " + Shown(v),
                       "fix the value, or remove the key to use the default"};
}

Finding Walk(const json& v, const json& schema, const std::string& path);

Finding WalkObject(const json& v, const json& schema, const std::string& path) {
  if (schema.contains("required")) {
    for (const json& key : schema["required"]) {
      if (!v.contains(key.get<std::string>())) {
        return SchemaFinding{path, "missing required key \"" + key.get<std::string>() + "\"",
                             "add it"};
      }
    }
  }
  if (schema.contains("minProperties") && v.size() < schema["minProperties"].get<size_t>()) {
    return SchemaFinding{path, "expected at least " + schema["minProperties"].dump() + " entries",
                         "add one"};
  }
  const json empty = json::object();
  const json& props = schema.contains("properties") ? schema["properties"] : empty;
  const json& patterns = schema.contains("patternProperties") ? schema["patternProperties"] : empty;
  for (const auto& [key, value] : v.items()) {
    const std::string child = path + "/" + JsonPointerToken(key);
    if (props.contains(key)) {
      if (Finding f = Walk(value, props[key], child)) return f;
      continue;
    }
    bool matched = false;
    for (const auto& [pattern, sub] : patterns.items()) {
      if (std::regex_search(key, std::regex(pattern))) {
        matched = true;
        if (Finding f = Walk(value, sub, child)) return f;
      }
    }
    if (matched) continue;
    if (!schema.contains("additionalProperties")) continue;
    const json& extra = schema["additionalProperties"];
    if (extra.is_object()) {
      if (Finding f = Walk(value, extra, child)) return f;
      continue;
    }
    if (extra.is_boolean() && !extra.get<bool>()) {
      if (!patterns.empty()) {
        std::string rules;
        for (const auto& [pattern, sub] : patterns.items())
          rules += (rules.empty() ? "" : " or ") + pattern;
        return SchemaFinding{child, "the name \"" + key + "\" is not allowed here",
                             "use a name matching " + rules};
      }
      std::string known;
      for (const auto& [name, sub] : props.items()) known += (known.empty() ? "" : ", ") + name;
      return SchemaFinding{child, "unknown key \"" + key + "\"",
                           "remove it or fix its spelling; known keys here: " + known};
    }
  }
  return std::nullopt;
}

Finding Walk(const json& v, const json& schema, const std::string& path) {
  if (!schema.is_object()) return std::nullopt;
  if (schema.contains("type") && !TypeMatches(v, schema["type"])) return Bad(path, schema, v);
  if (schema.contains("enum")) {
    bool found = false;
    for (const json& e : schema["enum"]) found = found || e == v;
    if (!found) return Bad(path, schema, v);
  }
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (schema.contains("minLength") && s.size() < schema["minLength"].get<size_t>()) {
      return Bad(path, schema, v);
    }
    if (schema.contains("pattern") &&
        !std::regex_search(s, std::regex(schema["pattern"].get<std::string>()))) {
      return Bad(path, schema, v);
    }
  }
  if (v.is_number()) {
    const double d = v.get<double>();
    if (schema.contains("minimum") && d < schema["minimum"].get<double>()) {
      return Bad(path, schema, v);
    }
    if (schema.contains("exclusiveMinimum") && d <= schema["exclusiveMinimum"].get<double>()) {
      return Bad(path, schema, v);
    }
  }
  if (v.is_array()) {
    if (schema.contains("minItems") && v.size() < schema["minItems"].get<size_t>()) {
      return Bad(path, schema, v);
    }
    if (schema.contains("items") && schema["items"].is_object()) {
      for (size_t i = 0; i < v.size(); ++i) {
        if (Finding f = Walk(v[i], schema["items"], path + "/" + std::to_string(i))) return f;
      }
    }
  }
  if (v.is_object()) return WalkObject(v, schema, path);
  return std::nullopt;
}

}  // namespace

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

std::string DescribeExpected(const json& schema) {
  std::string s;
  if (schema.contains("enum")) {
    s = "one of";
    bool first = true;
    for (const json& e : schema["enum"]) {
      s += (first ? " " : ", ") + e.dump();
      first = false;
    }
  } else if (schema.contains("type") && schema["type"].is_string()) {
    s = DescribeType(schema, schema["type"].get<std::string>());
  } else if (schema.contains("type") && schema["type"].is_array()) {
    for (const json& t : schema["type"]) {
      if (!s.empty()) s += " or ";
      s += DescribeType(schema, t.get<std::string>());
    }
  } else {
    s = "a valid value";
  }
  if (schema.contains("description") && schema["description"].is_string()) {
    s += " (" + schema["description"].get<std::string>() + ")";
  }
  return s;
}

std::optional<SchemaFinding> ExplainSchemaError(const json& document, const json& schema) {
  return Walk(document, schema, "");
}

}  // namespace ua
