// The secret rules ua-deploy knows without configuration, written from the providers'
// documented token formats, and the allowlist that goes with them (placeholders and the
// documented example values providers publish). docs/validation.md lists every id.
//
// The order is the priority: when several rules match on one line, the finding names the
// earliest (the specific formats come before the generic ones). Immutable; thread-safe.
#pragma once

#include <vector>

#include "deploy_engine/secrets/secret_rule.h"

namespace ua::engine {

const std::vector<SecretRuleSpec>& BuiltinSecretRules();
const SecretAllowlist& BuiltinSecretAllowlist();

}  // namespace ua::engine
