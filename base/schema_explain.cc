#include "base/schema_explain.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <regex>
#include <string_view>

namespace ua {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxWalkFindings = 100;
constexpr int kMaxRefHops = 32;
constexpr size_t kMaxQuoted = 60;

bool HasType(const json& v, std::string_view type) {
  if (type == "string") return v.is_string();
  if (type == "integer") return v.is_number_integer();
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_boolean();
  if (type == "array") return v.is_array();
  if (type == "object") return v.is_object();
  if (type == "null") return v.is_null();
  return false;
}

// Whether `schema`'s "type" (if any) admits `v`.
bool TypeAdmits(const json& schema, const json& v) {
  if (!schema.is_object() || !schema.contains("type")) return true;
  const json& type = schema["type"];
  if (type.is_string()) return HasType(v, type.get<std::string>());
  if (type.is_array()) {
    return std::any_of(type.begin(), type.end(), [&](const json& t) {
      return t.is_string() && HasType(v, t.get<std::string>());
    });
  }
  return true;
}

// Characters as valijson counts them: UTF-8 code points.
size_t Utf8Length(const std::string& s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::optional<double> NumberAt(const json& schema, const char* key) {
  auto it = schema.find(key);
  if (it == schema.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::optional<size_t> CountAt(const json& schema, const char* key) {
  auto it = schema.find(key);
  if (it == schema.end() || !it->is_number_integer() || it->get<std::int64_t>() < 0) {
    return std::nullopt;
  }
  return it->get<size_t>();
}

bool FlagAt(const json& schema, const char* key) {
  auto it = schema.find(key);
  return it != schema.end() && it->is_boolean() && it->get<bool>();
}

// JSON text of a value; never throws (invalid UTF-8 is replaced).
std::string Dump(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string Count(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "an array of at least 2 items": a noun phrase bounded by a minimum and a maximum count.
std::string Bounded(const std::string& article_noun, const std::string& nonempty_noun,
                    const std::string& connector, size_t min, std::optional<size_t> max,
                    const char* one, const char* many) {
  if (!max) {
    if (min == 0) return article_noun;
    if (min == 1) return nonempty_noun;
    return article_noun + connector + "at least " + Count(min, one, many);
  }
  if (min == 0) return article_noun + connector + "at most " + Count(*max, one, many);
  if (min == *max) return article_noun + connector + "exactly " + Count(min, one, many);
  return article_noun + connector + std::to_string(min) + " to " + Count(*max, one, many);
}

std::string Plural(const std::string& type) {
  if (type == "string") return "strings";
  if (type == "integer") return "integers";
  if (type == "number") return "numbers";
  if (type == "boolean") return "booleans";
  if (type == "object") return "objects";
  if (type == "array") return "arrays";
  return "";
}

// The type a schema without "type" constrains, from its keywords ("" when none says).
std::string ImpliedType(const json& schema) {
  for (const char* k : {"pattern", "minLength", "maxLength"}) {
    if (schema.contains(k)) return "string";
  }
  for (const char* k :
       {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}) {
    if (schema.contains(k)) return "number";
  }
  for (const char* k : {"items", "minItems", "maxItems", "uniqueItems"}) {
    if (schema.contains(k)) return "array";
  }
  for (const char* k : {"properties", "required", "patternProperties", "additionalProperties",
                        "minProperties", "maxProperties"}) {
    if (schema.contains(k)) return "object";
  }
  return "";
}

bool IsAtOrBelow(const std::string& path, const std::string& ancestor) {
  if (path.size() < ancestor.size() || path.compare(0, ancestor.size(), ancestor) != 0) {
    return false;
  }
  return path.size() == ancestor.size() || path[ancestor.size()] == '/';
}

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Where the walk puts its findings; it stops adding at `limit`.
struct Sink {
  std::vector<SchemaFinding>* out;
  size_t limit;
  bool full() const { return out->size() >= limit; }
  void Add(SchemaFinding f) {
    if (!full()) out->push_back(std::move(f));
  }
};

class Explainer {
 public:
  Explainer(const json& root, const ExplainOptions& options) : root_(root), options_(options) {}

  // Appends what is wrong with `v` against `schema` at `path`. `optional`: `v` is an object
  // member its parent does not require, so removing it is a way out.
  void Walk(const json& v, const json& schema_in, const std::string& path, bool optional,
            Sink& sink) {
    if (sink.full()) return;
    const json* resolved = Resolve(schema_in);
    if (!resolved) return;
    const json& schema = *resolved;
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) {
        sink.Add({path, "no value is allowed here, got " + Shown(v), optional ? "remove it" : ""});
      }
      return;
    }
    if (!schema.is_object()) return;
    if (!Fits(v, schema)) {
      sink.Add({path, "expected " + Expected(schema, true) + ", got " + Shown(v),
                optional ? OptionalHint(schema) : ""});
      return;
    }
    if (v.is_array()) WalkArray(v, schema, path, sink);
    if (v.is_object()) WalkObject(v, schema, path, sink);
    WalkCombinators(v, schema, path, optional, sink);
  }

  // Whether the walk finds nothing wrong with `v` against `schema`.
  bool Matches(const json& v, const json& schema) {
    std::vector<SchemaFinding> found;
    Sink sink{&found, 1};
    Walk(v, schema, "", false, sink);
    return found.empty();
  }

 private:
  // `schema` with local "$ref"s ("#/definitions/x") followed; nullptr for any other $ref.
  const json* Resolve(const json& schema) const {
    const json* node = &schema;
    for (int hops = 0; node->is_object() && node->contains("$ref"); ++hops) {
      const json& ref = (*node)["$ref"];
      if (hops == kMaxRefHops || !ref.is_string()) return nullptr;
      const std::string& target = ref.get_ref<const std::string&>();
      if (target.empty() || target[0] != '#') return nullptr;
      try {
        node = &root_.at(json::json_pointer(target.substr(1)));
      } catch (const std::exception&) {
        return nullptr;
      }
    }
    return node;
  }

  // std::regex as valijson uses it; an unusable pattern matches everything (valijson reports
  // it then).
  bool Search(const std::string& text, const std::string& pattern) {
    auto it = regexes_.find(pattern);
    if (it == regexes_.end()) {
      std::optional<std::regex> re;
      try {
        re.emplace(pattern);
      } catch (const std::regex_error&) {
      }
      it = regexes_.emplace(pattern, std::move(re)).first;
    }
    return !it->second || std::regex_search(text, *it->second);
  }

  // Whether `v` keeps the keywords of `schema` that judge a value as a whole.
  bool Fits(const json& v, const json& schema) {
    if (!TypeAdmits(schema, v)) return false;
    if (schema.contains("const") && schema["const"] != v) return false;
    if (schema.contains("enum") && schema["enum"].is_array()) {
      const json& e = schema["enum"];
      if (std::find(e.begin(), e.end(), v) == e.end()) return false;
    }
    if (v.is_string()) {
      const std::string& s = v.get_ref<const std::string&>();
      const size_t length = Utf8Length(s);
      if (auto min = CountAt(schema, "minLength"); min && length < *min) return false;
      if (auto max = CountAt(schema, "maxLength"); max && length > *max) return false;
      if (schema.contains("pattern") && schema["pattern"].is_string() &&
          !Search(s, schema["pattern"].get<std::string>())) {
        return false;
      }
    }
    if (v.is_number()) {
      const double d = v.get<double>();
      if (auto n = NumberAt(schema, "minimum"); n && d < *n) return false;
      if (auto n = NumberAt(schema, "exclusiveMinimum"); n && d <= *n) return false;
      if (auto n = NumberAt(schema, "maximum"); n && d > *n) return false;
      if (auto n = NumberAt(schema, "exclusiveMaximum"); n && d >= *n) return false;
      if (auto n = NumberAt(schema, "multipleOf"); n && *n > 0) {
        const double q = d / *n;
        if (std::abs(q - std::round(q)) > 1e-9) return false;
      }
    }
    if (v.is_array()) {
      if (auto min = CountAt(schema, "minItems"); min && v.size() < *min) return false;
      if (auto max = CountAt(schema, "maxItems"); max && v.size() > *max) return false;
      if (FlagAt(schema, "uniqueItems")) {
        for (size_t i = 0; i < v.size(); ++i) {
          for (size_t j = i + 1; j < v.size(); ++j) {
            if (v[i] == v[j]) return false;
          }
        }
      }
    }
    if (v.is_object()) {
      if (auto min = CountAt(schema, "minProperties"); min && v.size() < *min) return false;
      if (auto max = CountAt(schema, "maxProperties"); max && v.size() > *max) return false;
    }
    return true;
  }

  void WalkArray(const json& v, const json& schema, const std::string& path, Sink& sink) {
    auto items = schema.find("items");
    if (items == schema.end()) return;
    if (!items->is_array()) {
      for (size_t i = 0; i < v.size(); ++i) {
        Walk(v[i], *items, path + "/" + std::to_string(i), false, sink);
      }
      return;
    }
    const size_t fixed = std::min(items->size(), v.size());
    for (size_t i = 0; i < fixed; ++i) {
      Walk(v[i], (*items)[i], path + "/" + std::to_string(i), false, sink);
    }
    auto extra = schema.find("additionalItems");
    if (extra == schema.end()) return;
    for (size_t i = fixed; i < v.size(); ++i) {
      const std::string at = path + "/" + std::to_string(i);
      if (extra->is_boolean() && !extra->get<bool>()) {
        sink.Add({at, "no item is allowed here (at most " + Count(fixed, "item", "items") + ")",
                  "remove it"});
        return;
      }
      Walk(v[i], *extra, at, false, sink);
    }
  }

  void WalkObject(const json& v, const json& schema, const std::string& path, Sink& sink) {
    std::vector<std::string> required;
    if (schema.contains("required") && schema["required"].is_array()) {
      for (const json& key : schema["required"]) {
        if (key.is_string()) required.push_back(key.get<std::string>());
      }
    }
    for (const std::string& key : required) {
      if (!v.contains(key)) sink.Add({path, "missing required key \"" + key + "\"", ""});
    }
    const json empty = json::object();
    const json& props = schema.contains("properties") && schema["properties"].is_object()
                            ? schema["properties"]
                            : empty;
    const json& patterns =
        schema.contains("patternProperties") && schema["patternProperties"].is_object()
            ? schema["patternProperties"]
            : empty;
    for (const auto& [key, value] : v.items()) {
      if (sink.full()) return;
      const std::string child = path + "/" + JsonPointerToken(key);
      const bool optional = std::find(required.begin(), required.end(), key) == required.end();
      bool matched = false;
      if (props.contains(key)) {
        matched = true;
        Walk(value, props[key], child, optional, sink);
      }
      for (const auto& [pattern, sub] : patterns.items()) {
        if (Search(key, pattern)) {
          matched = true;
          Walk(value, sub, child, optional, sink);
        }
      }
      if (matched || !schema.contains("additionalProperties")) continue;
      const json& extra = schema["additionalProperties"];
      if (!extra.is_boolean() || extra.get<bool>()) {
        Walk(value, extra, child, optional, sink);
      } else if (!patterns.empty()) {
        std::string rules;
        for (const auto& [pattern, sub] : patterns.items()) {
          rules += (rules.empty() ? "" : " or ") + pattern;
        }
        sink.Add({child, "the name \"" + key + "\" is not allowed here",
                  "use a name matching " + rules});
      } else {
        sink.Add({child, "unknown key \"" + key + "\"", UnknownKeyHint(key, props)});
      }
    }
  }

  void WalkCombinators(const json& v, const json& schema, const std::string& path, bool optional,
                       Sink& sink) {
    if (schema.contains("allOf") && schema["allOf"].is_array()) {
      for (const json& sub : schema["allOf"]) Walk(v, sub, path, optional, sink);
    }
    if (schema.contains("if")) {
      const char* branch = Matches(v, schema["if"]) ? "then" : "else";
      if (schema.contains(branch)) Walk(v, schema[branch], path, optional, sink);
    }
    for (const char* keyword : {"anyOf", "oneOf"}) {
      if (schema.contains(keyword) && schema[keyword].is_array()) {
        WalkAlternatives(v, schema, schema[keyword], path, optional, sink);
      }
    }
    if (schema.contains("not") && Matches(v, schema["not"])) {
      sink.Add({path,
                "expected anything but " + Expected(schema["not"], false) + ", got " + Shown(v),
                optional ? OptionalHint(schema) : ""});
    }
  }

  // anyOf / oneOf: nothing when some branch matches (a value matching several oneOf branches
  // is left to valijson); the findings of the one branch whose type fits the value; else what
  // the branches accept, together.
  void WalkAlternatives(const json& v, const json& schema, const json& branches,
                        const std::string& path, bool optional, Sink& sink) {
    std::vector<const json*> fitting;
    for (const json& branch : branches) {
      if (Matches(v, branch)) return;
      const json* resolved = Resolve(branch);
      if (resolved && TypeAdmits(*resolved, v)) fitting.push_back(resolved);
    }
    if (fitting.size() == 1) {
      Walk(v, *fitting.front(), path, optional, sink);
      return;
    }
    sink.Add({path, "expected " + Alternatives(branches) + ", got " + Shown(v),
              optional ? OptionalHint(schema) : ""});
  }

  std::string Alternatives(const json& branches) {
    std::vector<std::string> seen;
    std::string s;
    for (const json& branch : branches) {
      std::string e = Expected(branch, false);
      if (std::find(seen.begin(), seen.end(), e) != seen.end()) continue;
      s += (s.empty() ? "" : " or ") + e;
      seen.push_back(std::move(e));
    }
    return s.empty() ? "a valid value" : s;
  }

  std::string UnknownKeyHint(const std::string& key, const json& props) const {
    std::string known;
    std::string closest;
    size_t best = std::max<size_t>(1, key.size() / 3) + 1;
    bool tie = false;
    for (const auto& [name, sub] : props.items()) {
      known += (known.empty() ? "" : ", ") + name;
      const size_t d = EditDistance(key, name);
      if (d < best) {
        best = d;
        closest = name;
        tie = false;
      } else if (d == best) {
        tie = true;
      }
    }
    if (!closest.empty() && !tie) return "did you mean \"" + closest + "\"?";
    if (known.empty()) return "remove it";
    return "remove it or fix its spelling (known keys here: " + known + ")";
  }

  std::string OptionalHint(const json& schema) const {
    std::string hint = "fix the value, or remove the key to use the default";
    if (schema.contains("default")) hint += " (" + Dump(schema["default"]) + ")";
    return hint;
  }

  // What `schema` accepts, in words: "an integer >= 1 (backups kept)".
  std::string Expected(const json& schema_in, bool with_description) {
    const json* resolved = Resolve(schema_in);
    if (!resolved) return "a valid value";
    const json& schema = *resolved;
    if (schema.is_boolean()) return schema.get<bool>() ? "any value" : "no value";
    if (!schema.is_object()) return "a valid value";
    std::string s;
    if (schema.contains("const")) {
      s = Dump(schema["const"]);
    } else if (schema.contains("enum") && schema["enum"].is_array()) {
      for (const json& e : schema["enum"]) s += (s.empty() ? "" : ", ") + Dump(e);
      if (schema["enum"].size() != 1) s = "one of " + s;
    } else if (schema.contains("type") && schema["type"].is_string()) {
      s = TypePhrase(schema, schema["type"].get<std::string>());
    } else if (schema.contains("type") && schema["type"].is_array()) {
      for (const json& t : schema["type"]) {
        if (!t.is_string()) continue;
        s += (s.empty() ? "" : " or ") + TypePhrase(schema, t.get<std::string>());
      }
    } else if (schema.contains("anyOf") && schema["anyOf"].is_array()) {
      s = Alternatives(schema["anyOf"]);
    } else if (schema.contains("oneOf") && schema["oneOf"].is_array()) {
      s = Alternatives(schema["oneOf"]);
    } else if (std::string implied = ImpliedType(schema); !implied.empty()) {
      s = TypePhrase(schema, implied);
    }
    if (s.empty()) s = "a valid value";
    if (with_description && options_.descriptions && schema.contains("description") &&
        schema["description"].is_string()) {
      s += " (" + schema["description"].get<std::string>() + ")";
    }
    return s;
  }

  std::string TypePhrase(const json& schema, const std::string& type) {
    if (type == "string") {
      std::string s = Bounded("a string", "a non-empty string", " of ",
                              CountAt(schema, "minLength").value_or(0),
                              CountAt(schema, "maxLength"), "character", "characters");
      if (schema.contains("pattern") && schema["pattern"].is_string()) {
        s += " matching " + schema["pattern"].get<std::string>();
      }
      return s;
    }
    if (type == "integer" || type == "number") {
      std::string bounds;
      auto bound = [&](const char* key, const char* op) {
        if (auto n = schema.find(key); n != schema.end() && n->is_number()) {
          bounds += (bounds.empty() ? " " : " and ") + std::string(op) + " " + Dump(*n);
        }
      };
      bound("minimum", ">=");
      bound("exclusiveMinimum", ">");
      bound("maximum", "<=");
      bound("exclusiveMaximum", "<");
      std::string s = (type == "integer" ? "an integer" : "a number") + bounds;
      if (auto n = schema.find("multipleOf"); n != schema.end() && n->is_number()) {
        s += ", a multiple of " + Dump(*n);
      }
      return s;
    }
    if (type == "boolean") return "true or false";
    if (type == "null") return "null";
    if (type == "array") {
      std::string noun;
      if (auto items = schema.find("items"); items != schema.end()) {
        const json* item = Resolve(*items);
        if (item && item->is_object() && item->contains("type") && item->at("type").is_string()) {
          noun = Plural(item->at("type").get<std::string>());
        }
      }
      const size_t min = CountAt(schema, "minItems").value_or(0);
      const std::optional<size_t> max = CountAt(schema, "maxItems");
      std::string s;
      if (min <= 1 && !max) {
        s = (min == 1 ? "a non-empty array" : "an array") + (noun.empty() ? "" : " of " + noun);
      } else {
        s = Bounded("an array", "a non-empty array", " of ", min, max, "item", "items");
        if (!noun.empty()) s += " (" + noun + ")";
      }
      if (FlagAt(schema, "uniqueItems")) s += " without duplicates";
      return s;
    }
    if (type == "object") {
      return Bounded("an object", "a non-empty object", " with ",
                     CountAt(schema, "minProperties").value_or(0), CountAt(schema, "maxProperties"),
                     "entry", "entries");
    }
    return type;
  }

  // The offending value as the reader sees it: quoted, or only named where it may be secret.
  std::string Shown(const json& v) const {
    if (v.is_object()) {
      return v.empty() ? "an empty object"
                       : "an object with " + Count(v.size(), "entry", "entries");
    }
    if (v.is_array()) {
      return v.empty() ? "an empty array" : "an array of " + Count(v.size(), "item", "items");
    }
    if (v.is_string()) {
      const std::string& s = v.get_ref<const std::string&>();
      if (s.empty()) return "an empty string";
      const std::string length = Count(Utf8Length(s), "character", "characters");
      if (!options_.quote_strings) return "a string of " + length;
      std::string quoted = Dump(v);
      if (quoted.size() <= kMaxQuoted) return quoted;
      size_t cut = kMaxQuoted - 4;
      while (cut > 0 && (quoted[cut] & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
      return quoted.substr(0, cut) + "...\" (" + length + ")";
    }
    return Dump(v);
  }

  const json& root_;
  const ExplainOptions& options_;
  std::map<std::string, std::optional<std::regex>> regexes_;
};

}  // namespace

std::vector<SchemaFinding> ExplainViolations(const json& schema, const json& document,
                                             const std::vector<SchemaViolation>& violations,
                                             const ExplainOptions& options) {
  if (violations.empty()) return {};
  std::vector<SchemaFinding> walked;
  Sink sink{&walked, kMaxWalkFindings};
  Explainer(schema, options).Walk(document, schema, "", false, sink);

  std::vector<SchemaFinding> findings;
  auto add = [&findings](SchemaFinding f) {
    for (const SchemaFinding& seen : findings) {
      if (seen.path == f.path && seen.problem == f.problem) return;
    }
    findings.push_back(std::move(f));
  };
  for (SchemaFinding& f : walked) add(std::move(f));

  // valijson's violations that no finding at or below their path explains, deepest only: a
  // parent's "failed to validate item #1" adds nothing to the item's own message.
  std::vector<const SchemaViolation*> unexplained;
  for (const SchemaViolation& v : violations) {
    const bool explained = std::any_of(findings.begin(), findings.end(),
                                       [&](const auto& f) { return IsAtOrBelow(f.path, v.path); });
    if (!explained) unexplained.push_back(&v);
  }
  for (const SchemaViolation* v : unexplained) {
    const bool has_deeper = std::any_of(unexplained.begin(), unexplained.end(), [&](auto* o) {
      return o->path != v->path && IsAtOrBelow(o->path, v->path);
    });
    if (!has_deeper) add({v->path, v->message, ""});
  }
  return findings;
}

std::string FormatFinding(const SchemaFinding& finding) {
  return (finding.path.empty() ? std::string("(root)") : finding.path) + ": " + finding.problem +
         (finding.hint.empty() ? "" : "; " + finding.hint);
}

std::string DescribeFindings(const std::vector<SchemaFinding>& findings, size_t max) {
  std::string s;
  for (size_t i = 0; i < findings.size() && i < max; ++i) {
    s += (i ? "; " : "") + FormatFinding(findings[i]);
  }
  if (findings.size() > max) s += "; and " + std::to_string(findings.size() - max) + " more";
  return s;
}

}  // namespace ua
