#include "deploy_engine/preview/secret_lines.h"

#include <catch2/catch.hpp>
#include <string>

namespace ua::engine {
namespace {

TEST_CASE("a credential found by the built-in rules hides its line only", "[secret_lines]") {
  const std::string token = "ghp_" + std::string("Zq3b7Xk9Lm2Np5Rt8Vw1Yc4Fh6Jd0Gs2Ka9E");
  const SecretLines lines = FindSecretLines("app.py", "x = 1\nGH = '" + token + "'\ny = 2\n");
  CHECK_FALSE(lines.whole_file);
  CHECK_FALSE(lines.IsSecret(1));
  CHECK(lines.IsSecret(2));
  CHECK_FALSE(lines.IsSecret(3));
}

TEST_CASE("every line of a private key is hidden", "[secret_lines]") {
  std::string key = "-----BEGIN RSA PRIVATE KEY-----\n";
  for (int i = 0; i < 4; ++i) key += std::string(64, static_cast<char>('A' + i)) + "\n";
  key += "-----END RSA PRIVATE KEY-----\n";
  // The rule's key material runs on through base64-like text; "# outro" stops it.
  const SecretLines lines = FindSecretLines("certs/key.pem", "intro\n" + key + "# outro\n");
  CHECK_FALSE(lines.IsSecret(1));
  for (int n = 2; n <= 7; ++n) CHECK(lines.IsSecret(n));
  CHECK_FALSE(lines.IsSecret(8));
}

TEST_CASE("assignments of literals to secret-like names are hidden, whatever the entropy",
          "[secret_lines]") {
  CHECK(FindSecretLines("a.py", "db_password = \"hunter2\"\n").IsSecret(1));
  CHECK(FindSecretLines("a.yaml", "api_token: abc123\n").IsSecret(1));
  CHECK(FindSecretLines("a.json", "  \"client_secret\": \"s3cr3t\",\n").IsSecret(1));
  CHECK(FindSecretLines("a.ini", "PASSWORD=letmein\n").IsSecret(1));
}

TEST_CASE("names that only start with a secret-like word are not secrets", "[secret_lines]") {
  CHECK_FALSE(FindSecretLines("a.py", "token_type = 'content-type'\n").IsSecret(1));
  CHECK_FALSE(FindSecretLines("a.py", "password_field = 'pw'\n").IsSecret(1));
  CHECK_FALSE(FindSecretLines("a.py", "token = make_token()\n").IsSecret(1));
  CHECK_FALSE(FindSecretLines("a.py", "compass = 'north'\n").IsSecret(1));
  // A bare value is a variable in code, a setting only in config files.
  CHECK_FALSE(FindSecretLines("a.py", "        self.token = nextchar\n").IsSecret(1));
  CHECK(FindSecretLines("settings.ini", "token = nextchar\n").IsSecret(1));
}

TEST_CASE(".env-style files are secret as a whole", "[secret_lines]") {
  CHECK(FindSecretLines(".env", "DEBUG=1\n").whole_file);
  CHECK(FindSecretLines("config/prod.env", "DEBUG=1\n").IsSecret(1));
  CHECK_FALSE(FindSecretLines("environment.py", "DEBUG=1\n").whole_file);
}

}  // namespace
}  // namespace ua::engine
