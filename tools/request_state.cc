#include "tools/request_state.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

#include "base/hex.h"
#include "deploy_engine/state/layout.h"
#include "platform/fs_ops.h"
#include "platform/secrets.h"
#include "platform/sha256.h"

namespace ua::tools {
namespace {

using nlohmann::json;

constexpr std::string_view kPrefix = "v1.";

Status Forged() {
  return InvalidArgument(
      "the requestState is not one this server issued, or it was altered: the answer is "
      "refused and nothing was changed. Call the tool again without requestState to be asked "
      "again");
}

Result<std::string> ReadKey(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string key;
  if (!in || !std::getline(in, key) || key.size() != 64) {
    return Status(StatusCode::kCorrupt, "the confirmation key " + path.string() +
                                            " is unreadable or damaged; remove it and ask again");
  }
  return key;
}

}  // namespace

std::string SealClaim(const ConfirmationClaim& claim, std::string_view key) {
  json payload = {{"tool", claim.tool},
                  {"args", claim.args_digest},
                  {"plan", claim.plan_digest},
                  {"exp", claim.expires_at_ms},
                  {"nonce", claim.nonce}};
  std::string body = HexEncode(payload.dump());
  return std::string(kPrefix) + body + "." + HmacSha256Hex(key, body);
}

Result<ConfirmationClaim> OpenClaim(std::string_view state, std::string_view key, int64_t now_ms) {
  if (state.substr(0, kPrefix.size()) != kPrefix) return Forged();
  state.remove_prefix(kPrefix.size());
  const size_t dot = state.find('.');
  if (dot == std::string_view::npos) return Forged();
  std::string_view body = state.substr(0, dot), mac = state.substr(dot + 1);
  if (!ConstantTimeEquals(mac, HmacSha256Hex(key, body))) return Forged();
  auto text = HexDecode(body);
  if (!text) return Forged();
  json payload = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!payload.is_object()) return Forged();
  ConfirmationClaim claim;
  try {
    claim.tool = payload.at("tool").get<std::string>();
    claim.args_digest = payload.at("args").get<std::string>();
    claim.plan_digest = payload.at("plan").get<std::string>();
    claim.expires_at_ms = payload.at("exp").get<int64_t>();
    claim.nonce = payload.at("nonce").get<std::string>();
  } catch (const json::exception&) {
    return Forged();
  }
  if (now_ms > claim.expires_at_ms) {
    return Status(StatusCode::kFailedPrecondition,
                  "the confirmation expired before it was answered: nothing was changed. Call "
                  "the tool again without requestState to be asked again");
  }
  return claim;
}

Result<std::string> ConfirmationKey(const std::filesystem::path& backup_dir) {
  const std::filesystem::path path = engine::ConfirmKeyPath(backup_dir);
  if (::access(path.c_str(), F_OK) == 0) return ReadKey(path);
  UA_RETURN_IF_ERROR(fs::MakeDirs(backup_dir));
  UA_ASSIGN_OR_RETURN(std::string key, RandomHex(32));
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return ReadKey(path);
    return ErrnoStatus("create " + path.string(), errno);
  }
  const std::string line = key + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!written || !synced) return IoError("could not write " + path.string());
  return key;
}

Status ConsumeConfirmation(const std::filesystem::path& backup_dir, const std::string& nonce) {
  const std::filesystem::path dir = engine::UsedConfirmationsDir(backup_dir);
  UA_RETURN_IF_ERROR(fs::MakeDirs(dir));
  const std::filesystem::path path = engine::UsedConfirmationPath(backup_dir, nonce);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return Status(StatusCode::kAlreadyExists,
                    "this confirmation was already used: an answer is accepted once. Call the "
                    "tool again without requestState to be asked again");
    }
    return ErrnoStatus("record the confirmation in " + path.string(), errno);
  }
  ::close(fd);
  return Status::Ok();
}

std::string ArgumentsDigest(const nlohmann::json& args) { return Sha256Hex(args.dump()); }

}  // namespace ua::tools
