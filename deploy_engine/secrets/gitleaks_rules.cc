#include "deploy_engine/secrets/gitleaks_rules.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "platform/fs_ops.h"

namespace ua::engine {
namespace {

// Errors name where they are: "<file>: rule \"aws\": entropy: must be a number".
class Reader {
 public:
  Reader(std::string source, std::string where)
      : source_(std::move(source)), where_(std::move(where)) {}

  Status Error(std::string_view key, std::string_view problem) const {
    return InvalidArgument(
        source_ + ": " + where_ + ": " + std::string(key) + ": " + std::string(problem) +
        " (gitleaks rules format: https://github.com/gitleaks/gitleaks#configuration)");
  }

  // The string at `key`; "" when it is absent.
  Result<std::string> String(const toml::table& t, std::string_view key) const {
    const toml::node* node = t.get(key);
    if (node == nullptr) return std::string();
    if (!node->is_string()) return Error(key, "must be a string");
    return std::string(node->as_string()->get());
  }

  Result<std::vector<std::string>> Strings(const toml::table& t, std::string_view key) const {
    std::vector<std::string> out;
    const toml::node* node = t.get(key);
    if (node == nullptr) return out;
    const toml::array* array = node->as_array();
    if (array == nullptr) return Error(key, "must be an array of strings");
    for (const toml::node& item : *array) {
      auto value = item.value<std::string>();
      if (!value) return Error(key, "must be an array of strings");
      out.push_back(*value);
    }
    return out;
  }

  Result<SecretAllowlist> Allowlist(const toml::table& t) const {
    SecretAllowlist list;
    UA_ASSIGN_OR_RETURN(list.regexes, Strings(t, "regexes"));
    UA_ASSIGN_OR_RETURN(list.paths, Strings(t, "paths"));
    UA_ASSIGN_OR_RETURN(list.stopwords, Strings(t, "stopwords"));
    UA_ASSIGN_OR_RETURN(auto target, String(t, "regexTarget"));
    if (target == "match") {
      list.target = AllowTarget::kMatch;
    } else if (target == "line") {
      list.target = AllowTarget::kLine;
    } else if (!target.empty() && target != "secret") {
      return Error("regexTarget", "must be \"secret\", \"match\" or \"line\"");
    }
    UA_ASSIGN_OR_RETURN(auto condition, String(t, "condition"));
    if (!condition.empty() && condition != "OR") {
      return Error("condition",
                   "only \"OR\" is understood (any of regexes, paths, stopwords silences a "
                   "match); split an AND allowlist into a rule's own regex instead");
    }
    return list;
  }

  // `[name]` (one table) and `[[names]]` (an array of tables), appended to `out`.
  Status Allowlists(const toml::table& t, std::vector<SecretAllowlist>* out) const {
    if (const toml::node* one = t.get("allowlist"); one != nullptr) {
      if (!one->is_table()) return Error("allowlist", "must be a table ([allowlist])");
      UA_ASSIGN_OR_RETURN(auto list, Allowlist(*one->as_table()));
      out->push_back(std::move(list));
    }
    if (const toml::node* many = t.get("allowlists"); many != nullptr) {
      const toml::array* array = many->as_array();
      if (array == nullptr || !array->is_array_of_tables()) {
        return Error("allowlists", "must be an array of tables ([[allowlists]])");
      }
      for (const toml::node& item : *array) {
        UA_ASSIGN_OR_RETURN(auto list, Allowlist(*item.as_table()));
        out->push_back(std::move(list));
      }
    }
    return Status::Ok();
  }

 private:
  std::string source_;
  std::string where_;
};

Result<SecretRuleSpec> ReadRule(const std::string& source, size_t index, const toml::table& t) {
  const std::string position = "rule #" + std::to_string(index + 1);
  Reader at_position(source, position);
  UA_ASSIGN_OR_RETURN(auto id, at_position.String(t, "id"));
  if (id.empty()) return at_position.Error("id", "missing; give every rule an id");
  Reader r(source, "rule \"" + id + "\"");
  SecretRuleSpec rule;
  rule.id = id;
  UA_ASSIGN_OR_RETURN(rule.format, r.String(t, "description"));
  if (rule.format.empty()) rule.format = "match of rule " + id + " of " + source;
  UA_ASSIGN_OR_RETURN(rule.regex, r.String(t, "regex"));
  UA_ASSIGN_OR_RETURN(rule.path, r.String(t, "path"));
  if (const toml::node* group = t.get("secretGroup"); group != nullptr) {
    auto value = group->value<int64_t>();
    if (!value || *value < 0 || *value > 99) {
      return r.Error("secretGroup", "must be a whole number of a capture group (0-99)");
    }
    rule.secret_group = static_cast<int>(*value);
  }
  if (const toml::node* entropy = t.get("entropy"); entropy != nullptr) {
    auto value = entropy->value<double>();
    if (!value || *value < 0) return r.Error("entropy", "must be a number >= 0");
    rule.entropy = *value;
  }
  UA_ASSIGN_OR_RETURN(rule.keywords, r.Strings(t, "keywords"));
  for (std::string& k : rule.keywords) {
    std::transform(k.begin(), k.end(), k.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  }
  UA_RETURN_IF_ERROR(r.Allowlists(t, &rule.allowlists));
  return rule;
}

}  // namespace

Result<GitleaksRules> ParseGitleaksRules(std::string_view toml_text,
                                         const std::string& source_name) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(source_name + ":" + std::to_string(e.source().begin.line) + ":" +
                           std::to_string(e.source().begin.column) + ": not valid TOML: " +
                           std::string(e.description()) + "; fix the rules file");
  }
  GitleaksRules out;
  if (const toml::node* rules = root.get("rules"); rules != nullptr) {
    const toml::array* array = rules->as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
      return Reader(source_name, "top level")
          .Error("rules", "must be an array of tables ([[rules]])");
    }
    for (size_t i = 0; i < array->size(); ++i) {
      UA_ASSIGN_OR_RETURN(auto rule, ReadRule(source_name, i, *array->get(i)->as_table()));
      out.rules.push_back(std::move(rule));
    }
  }
  UA_RETURN_IF_ERROR(Reader(source_name, "top level").Allowlists(root, &out.allowlists));
  return out;
}

Result<GitleaksRules> LoadGitleaksRules(const std::filesystem::path& file) {
  auto text = fs::ReadFile(file);
  if (!text.ok()) {
    return Status(StatusCode::kNotFound,
                  "cannot read the rules file " + file.string() + ": " + text.status().message());
  }
  return ParseGitleaksRules(*text, file.string());
}

}  // namespace ua::engine
