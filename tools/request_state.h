// The requestState of a confirmation question (MCP 2026-07-28 multi round-trip requests).
// The client echoes it when it answers, in a new request that anyone on the wire could have
// written, so the server trusts nothing in it that it did not seal:
//
//   "v1.<hex of the claim's JSON>.<HMAC-SHA-256 of that hex>"
//
// The claim binds the answer to the tool, a digest of the call's arguments, a digest of the
// plan the person was shown, an expiry and a single-use nonce. The key is a 256-bit secret
// kept in the profile's backup_dir (layout.h: confirm.key, mode 0600), made on first use, so
// a later `serve` process can check a state an earlier one sealed.
//
// Stateless functions over the filesystem; safe from any thread and process.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace ua::tools {

struct ConfirmationClaim {
  std::string tool;           // e.g. "ua_self_deploy"
  std::string args_digest;    // ArgumentsDigest of the call's arguments
  std::string plan_digest;    // of what the question showed (confirmation.h)
  int64_t expires_at_ms = 0;  // Unix milliseconds
  std::string nonce;          // 128 random bits, hex; accepted once (ConsumeConfirmation)
};

std::string SealClaim(const ConfirmationClaim& claim, std::string_view key);

// kInvalidArgument: not a state this server sealed, or altered; kFailedPrecondition: expired.
Result<ConfirmationClaim> OpenClaim(std::string_view state, std::string_view key, int64_t now_ms);

// The secret of `backup_dir`, created on first use (O_EXCL, 0600; a concurrent creator's key
// wins and is read back).
Result<std::string> ConfirmationKey(const std::filesystem::path& backup_dir);

// Marks the claim's nonce used; kAlreadyExists when it was used before (a replay).
Status ConsumeConfirmation(const std::filesystem::path& backup_dir, const std::string& nonce);

// SHA-256 of the arguments. canonical JSON (keys sorted).
std::string ArgumentsDigest(const nlohmann::json& args);

}  // namespace ua::tools
