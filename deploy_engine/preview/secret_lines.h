// FindSecretLines: which lines of a file a preview must not show, because they hold a secret
// or may hold one. Stricter than the secrets validator on purpose: a preview that hides a
// harmless line costs little, one that shows a password leaks it into a chat transcript.
//
// A line is secret when
//   - a built-in secret rule (deploy_engine/secrets) finds a credential on it, or a secret
//     that starts on an earlier line runs through it (a private key's lines);
//   - it assigns a literal to a name that ends in a secret-like word (password, passwd,
//     passphrase, pwd, secret, token, api_key, access_key, private_key, credential),
//     whatever the literal's entropy: `db_password = "hunter2"`, `"client_secret": "..."`;
//     in config files (.ini, .yaml, .conf, ... or no extension) a bare value too:
//     `API_TOKEN: abc123`; but not `token_type = "bearer"`, nor `self.token = next_token` in
//     code.
// The whole file is secret when its name is (.env, .env.*, *.env: the rules on names).
//
// Pure function of its arguments (the rules are compiled once, thread-safely); any thread.
#pragma once

#include <string_view>
#include <vector>

namespace ua::engine {

struct SecretLines {
  bool whole_file = false;
  std::vector<bool> line;  // line[n] for 1-based line n; past the end: not secret

  bool IsSecret(int n) const {
    return whole_file || (n > 0 && static_cast<size_t>(n) < line.size() && line[n]);
  }
};

// `path` relative to the tree ('/'-separated), `text` the file's content.
SecretLines FindSecretLines(std::string_view path, std::string_view text);

// Compiles the rules now (FindSecretLines' first call does it otherwise, ~12 ms): a caller
// that knows it will preview can start this early on another thread.
void PrepareSecretLines();

}  // namespace ua::engine
