#include "deploy_engine/state/operation_record.h"

#include <algorithm>
#include <system_error>

#include "deploy_engine/state/layout.h"
#include "platform/atomic_file.h"
#include "platform/fs_ops.h"

namespace ua::engine {
namespace {

using nlohmann::json;

constexpr size_t kMaxRecordBytes = 16 * 1024 * 1024;

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::optional<OperationPhase> PhaseFromName(std::string_view name) {
  for (auto p : {OperationPhase::kRunning, OperationPhase::kFinished}) {
    if (name == OperationPhaseName(p)) return p;
  }
  return std::nullopt;
}

}  // namespace

const char* OperationPhaseName(OperationPhase phase) {
  switch (phase) {
    case OperationPhase::kRunning:
      return "running";
    case OperationPhase::kFinished:
      return "finished";
  }
  return "running";
}

json OperationRecord::ToJson() const {
  json j = {{"deployment_id", deployment_id},
            {"operation", operation},
            {"profile", profile},
            {"phase", OperationPhaseName(phase)},
            {"state", state},
            {"percent", percent},
            {"files_done", files_done},
            {"files_total", files_total},
            {"message", message},
            {"started", started},
            {"updated", updated},
            {"pid", pid}};
  if (phase == OperationPhase::kFinished) {
    j["result"] = result ? *result : json(nullptr);
    j["text"] = text;
    j["is_error"] = is_error;
  }
  return j;
}

Result<OperationRecord> OperationRecord::FromJson(const json& j) {
  if (!j.is_object() || !j.contains("deployment_id") || !j["deployment_id"].is_string() ||
      !j.contains("phase") || !j["phase"].is_string()) {
    return Corrupt("not an operation record (no deployment_id or phase)");
  }
  auto phase = PhaseFromName(j["phase"].get<std::string>());
  if (!phase) return Corrupt("unknown phase '" + j["phase"].get<std::string>() + "'");
  OperationRecord r;
  try {
    r.deployment_id = j["deployment_id"].get<std::string>();
    r.phase = *phase;
    r.operation = j.value("operation", std::string());
    r.profile = j.value("profile", std::string());
    r.state = j.value("state", std::string());
    r.percent = j.value("percent", 0.0);
    r.files_done = j.value("files_done", size_t{0});
    r.files_total = j.value("files_total", size_t{0});
    r.message = j.value("message", std::string());
    r.started = j.value("started", std::string());
    r.updated = j.value("updated", std::string());
    r.pid = j.value("pid", 0);
    if (r.phase == OperationPhase::kFinished) {
      if (j.contains("result") && !j["result"].is_null()) r.result = j["result"];
      r.text = j.value("text", std::string());
      r.is_error = j.value("is_error", false);
    }
  } catch (const json::exception& e) {
    return Corrupt(std::string("operation record has a field of the wrong type: ") + e.what());
  }
  return r;
}

bool IsDeploymentId(std::string_view id) {
  // <d|r><yyyymmdd>T<hhmmss>.<mmm>Z-<4 hex>
  constexpr std::string_view kShape = "x00000000T000000.000Z-hhhh";
  if (id.size() != kShape.size() || (id[0] != 'd' && id[0] != 'r')) return false;
  for (size_t i = 1; i < kShape.size(); ++i) {
    const char want = kShape[i];
    const char c = id[i];
    if (want == '0' ? !IsDigit(c) : want == 'h' ? !IsHex(c) : c != want) return false;
  }
  return true;
}

Status WriteOperationRecord(const std::filesystem::path& backup_dir,
                            const OperationRecord& record) {
  if (!IsDeploymentId(record.deployment_id)) {
    return InvalidArgument("'" + record.deployment_id + "' is not a deployment id");
  }
  const bool finished = record.phase == OperationPhase::kFinished;
  auto write = [&] {
    return WriteFileAtomically(OperationRecordPath(backup_dir, record.deployment_id),
                               record.ToJson().dump() + "\n", 0600,
                               finished ? Durability::kDurable : Durability::kAtomicOnly);
  };
  Status written = write();
  // The directory is made when it is missing, not before every record.
  if (written.code() == StatusCode::kNotFound) {
    UA_RETURN_IF_ERROR(fs::MakeDirs(OperationsDir(backup_dir), 0700));
    written = write();
  }
  return written;
}

Result<OperationRecord> ReadOperationRecord(const std::filesystem::path& backup_dir,
                                            std::string_view id) {
  if (!IsDeploymentId(id)) {
    return InvalidArgument("'" + std::string(id) +
                           "' is not a deployment id (like d20261121T224509.123Z-1a2b)");
  }
  auto text = fs::ReadFile(OperationRecordPath(backup_dir, std::string(id)),
                           /*follow_symlinks=*/false, kMaxRecordBytes);
  if (!text.ok()) {
    if (text.status().code() == StatusCode::kNotFound) {
      return NotFound("no operation '" + std::string(id) + "' is known for this profile");
    }
    return text.status();
  }
  json j = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Corrupt("the record of operation " + std::string(id) + " is torn");
  return OperationRecord::FromJson(j);
}

std::vector<OperationRecord> ListOperationRecords(const std::filesystem::path& backup_dir) {
  std::vector<std::string> ids;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(OperationsDir(backup_dir), ec)) {
    const std::string name = entry.path().filename().string();
    constexpr std::string_view kExt = ".json";
    if (name.size() <= kExt.size() || name.compare(name.size() - kExt.size(), kExt.size(), kExt))
      continue;
    std::string id = name.substr(0, name.size() - kExt.size());
    if (IsDeploymentId(id)) ids.push_back(std::move(id));
  }
  // Newest first: the stamp follows the one-letter prefix.
  std::sort(ids.begin(), ids.end(),
            [](const std::string& a, const std::string& b) { return a.substr(1) > b.substr(1); });
  std::vector<OperationRecord> out;
  for (const auto& id : ids) {
    if (auto r = ReadOperationRecord(backup_dir, id); r.ok()) out.push_back(std::move(*r));
  }
  return out;
}

Status PruneOperationRecords(const std::filesystem::path& backup_dir, size_t keep) {
  size_t finished = 0;
  for (const auto& r : ListOperationRecords(backup_dir)) {
    if (r.phase != OperationPhase::kFinished || ++finished <= keep) continue;
    std::error_code ec;
    std::filesystem::remove(OperationLogPath(backup_dir, r.deployment_id), ec);
    std::filesystem::remove(OperationRecordPath(backup_dir, r.deployment_id), ec);
    if (ec) return ErrnoStatus("remove the record of " + r.deployment_id, ec.value());
  }
  return Status::Ok();
}

}  // namespace ua::engine
