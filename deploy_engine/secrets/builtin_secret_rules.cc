#include "deploy_engine/secrets/builtin_secret_rules.h"

namespace ua::engine {
namespace {

// The end of a token: a character that cannot continue it, or the end of the text.
#define UA_TOKEN_END R"re((?:[^A-Za-z0-9_-]|$))re"
// The start of a token: not in the middle of a longer word.
#define UA_TOKEN_START R"re((?:^|[^A-Za-z0-9_-]))re"

SecretRuleSpec Rule(std::string id, std::string format, std::string regex, double entropy = 0) {
  SecretRuleSpec r;
  r.id = std::move(id);
  r.format = std::move(format);
  r.regex = std::move(regex);
  r.entropy = entropy;
  return r;
}

std::vector<SecretRuleSpec> MakeRules() {
  std::vector<SecretRuleSpec> rules;
  // PEM private keys: the header and at least a line of key material (a header alone, as in
  // documentation, is not a key). Also matches the escaped "\n" of a key inside JSON.
  rules.push_back(Rule("private-key", "PEM private key (-----BEGIN ... PRIVATE KEY-----)",
                       R"re(-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----(?:\\n|\s)+)re"
                       R"re([A-Za-z0-9+/=:,\s\\-]{64,})re"));
  // AWS: access key ids are a four-letter type prefix and 16 base32 characters; the secret
  // access key is 40 base64 characters, recognised only next to a name that says so.
  rules.push_back(Rule("aws-access-key-id", "AWS access key id (AKIA..., ASIA..., ...)",
                       UA_TOKEN_START R"re(((?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|)re"
                                      R"re(AROA|APKA|ASCA)[A-Z2-7]{16}))re" UA_TOKEN_END));
  rules.push_back(Rule("aws-secret-access-key",
                       "AWS secret access key (40 characters, assigned to an aws...secret name)",
                       R"re((?i)aws[a-z0-9_ .-]{0,20}?(?:secret|sk)[a-z0-9_ .-]{0,20}?["']?\s*)re"
                       R"re((?:=>|:=|[:=])\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$))re",
                       4.0));
  // Google Cloud: API keys are "AIza" and 35 more characters; a service-account key file
  // carries a 40-hex private_key_id beside its private key.
  rules.push_back(Rule("gcp-api-key", "Google Cloud API key (AIza...)",
                       UA_TOKEN_START R"re((AIza[0-9A-Za-z_-]{35}))re" UA_TOKEN_END));
  rules.push_back(Rule("gcp-service-account", "Google Cloud service-account key (private_key_id)",
                       R"re("private_key_id"\s*:\s*"([0-9a-f]{40})")re"));
  // Azure storage: the account key (64 bytes, base64) or a shared access key (32 bytes).
  rules.push_back(Rule("azure-storage-connection-string",
                       "Azure storage or service-bus connection string (AccountKey=...)",
                       R"re((?i)(?:AccountKey|SharedAccessKey)\s*=\s*)re"
                       R"re(([A-Za-z0-9+/]{86}==|[A-Za-z0-9+/]{43}=))re"));
  rules.push_back(Rule("azure-storage-key",
                       "Azure storage account key assigned to an azure...key name",
                       R"re((?i)azure[a-z0-9_ .-]{0,30}?key["']?\s*(?:=>|:=|[:=])\s*["']?)re"
                       R"re(([A-Za-z0-9+/]{86}==))re"));
  // Version control and package registries.
  rules.push_back(Rule("github-token", "GitHub token (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)",
                       UA_TOKEN_START
                       R"re(((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|)re"
                       R"re(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}))re" UA_TOKEN_END));
  rules.push_back(Rule("gitlab-token", "GitLab token (glpat-, gldt-, glrt-, glptt-, ...)",
                       UA_TOKEN_START R"re((gl(?:pat|dt|rt|ptt|cbt|imt|oas|soat|ft)-)re"
                                      R"re([0-9A-Za-z_-]{20,}))re"));
  rules.push_back(Rule("npm-token", "npm access token (npm_...)",
                       UA_TOKEN_START R"re((npm_[A-Za-z0-9]{36}))re" UA_TOKEN_END));
  rules.push_back(Rule("pypi-token", "PyPI or TestPyPI API token (pypi-AgEIcHlwaS5vcmc...)",
                       UA_TOKEN_START R"re((pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw))re"
                                      R"re([A-Za-z0-9_-]{50,}))re"));
  // Payments, chat and AI providers.
  rules.push_back(Rule("stripe-key", "Stripe secret, restricted or webhook key (sk_live_, ...)",
                       UA_TOKEN_START R"re(((?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24,}|)re"
                                      R"re(whsec_[0-9A-Za-z]{32,}))re" UA_TOKEN_END));
  rules.push_back(Rule("slack-token", "Slack token (xoxb-, xoxp-, xapp-, ...)",
                       UA_TOKEN_START R"re((xox[abposre]-[0-9A-Za-z-]{10,}|)re"
                                      R"re(xapp-[0-9]-[A-Z0-9]+-[0-9]+-[a-z0-9]{32,}))re"));
  rules.push_back(Rule("slack-webhook", "Slack incoming-webhook URL",
                       R"re((https://hooks\.slack\.com/(?:services|workflows|triggers)/)re"
                       R"re([A-Za-z0-9_-]{8,}/[A-Za-z0-9_-]{8,}/[A-Za-z0-9_-]{16,}))re"));
  rules.push_back(Rule("discord-webhook", "Discord webhook URL",
                       R"re((https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/)re"
                       R"re([0-9]{17,20}/[A-Za-z0-9_-]{60,68}))re"));
  rules.push_back(Rule("anthropic-api-key", "Anthropic API key (sk-ant-api03-...)",
                       UA_TOKEN_START
                       R"re((sk-ant-(?:api|admin|sid)[0-9]{2}-[A-Za-z0-9_-]{80,}))re"));
  rules.push_back(Rule("openai-api-key", "OpenAI API key (sk-..., sk-proj-...)",
                       UA_TOKEN_START
                       R"re((sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,})re"
                       R"re(T3BlbkFJ[A-Za-z0-9_-]{20,}|sk-[A-Za-z0-9]{48}))re" UA_TOKEN_END));
  // Tokens and headers of any service.
  rules.push_back(Rule("jwt", "JSON Web Token (eyJ....eyJ....signature)",
                       UA_TOKEN_START R"re((eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.)re"
                                      R"re([A-Za-z0-9_-]{10,}))re"));
  rules.push_back(Rule("authorization-header",
                       "Authorization header with a Bearer, Basic or token credential",
                       R"re((?i)authorization["']?\s*[:=,]\s*["']?(?:bearer|basic|token)\s+)re"
                       R"re(([A-Za-z0-9._~+/=-]{16,}))re",
                       3.0));
  // scheme://user:password@host for databases, brokers and HTTP.
  rules.push_back(
      Rule("url-credentials",
           "URL with a password (postgres, mysql, mongodb(+srv), redis, amqp, "
           "http(s), ...)",
           R"re((?i)(?:^|[^a-z0-9+])(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|)re"
           R"re(rediss?|amqps?|https?|s?ftp|smtps?)://[^:@/\s"'<>]*:([^@/\s"'<>]+)@)re"
           R"re([A-Za-z0-9._-]+)re"));
  rules.back().allowlists.push_back(
      {.regexes = {R"re((?i)^(?:pass(?:w(?:or)?d)?|pwd|secret|changeme|postgres|root|admin|)re"
                   R"re(guest|test|user|redis|mysql|mongo|example)$)re"},
       .paths = {},
       .stopwords = {},
       .target = AllowTarget::kSecret,
       .counted = false});
  // Assignments of a generated-looking value to a name that says it is a secret.
  rules.push_back(
      Rule("generic-secret-assignment",
           "a generated value assigned to a name ending in key, secret, token, "
           "password or credentials",
           R"re((?i)(?:api[_-]?key|apikey|secret|secret[_-]?key|token|passw(?:or)?d|pwd|)re"
           R"re(access[_-]?key|private[_-]?key|credentials?)["']?\s*(?:=>|:=|[:=])\s*)re"
           R"re(["']([^"'\s]{16,})["'])re"));
  rules.back().must_look_generated = true;
  // Files that hold a process's environment: .env, .env.production, settings.env.
  SecretRuleSpec env_file;
  env_file.id = "env-file";
  env_file.format = ".env-style file by name (.env, .env.*, *.env)";
  env_file.path = R"re((?:^|/)(?:\.env(?:\.[^/]+)?|[^/]+\.env)$)re";
  env_file.allowlists.push_back(
      {.regexes = {},
       .paths = {R"re((?:^|/)[^/]*\.env\.(?:example|sample|template|dist|defaults)$)re"},
       .stopwords = {},
       .target = AllowTarget::kSecret,
       .counted = false});
  rules.push_back(std::move(env_file));
  return rules;
}

#undef UA_TOKEN_END
#undef UA_TOKEN_START

}  // namespace

const std::vector<SecretRuleSpec>& BuiltinSecretRules() {
  static const std::vector<SecretRuleSpec> rules = MakeRules();
  return rules;
}

const SecretAllowlist& BuiltinSecretAllowlist() {
  // Values providers publish in their documentation, and what placeholders are made of.
  static const SecretAllowlist allowlist = {
      .regexes = {R"re((?i)example|placeholder|changeme|your[_-]|dummy|redacted|xxxxx|\*\*\*\*|)re"
                  R"re(\$\{|\{\{|\{[a-z_][a-z0-9_.]*\}|<[a-z_-]+>|%\(|environ|getenv|)re"
                  R"re(process\.env)re"},
      .paths = {},
      .stopwords =
          {// Stripe's documented test keys
           "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "sk_test_BQokikJOvBiI2HlWgH4olfQ2",
           // the signature of jwt.io's example token
           "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"},
      .target = AllowTarget::kSecret,
      .counted = false};
  return allowlist;
}

}  // namespace ua::engine
