#include "deploy_engine/state/history.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "deploy_engine/state/layout.h"
#include "platform/fs_ops.h"

namespace ua::engine {
namespace {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

}  // namespace

Status AppendHistory(const std::filesystem::path& backup_dir, const nlohmann::json& record) {
  if (!record.is_object()) return InvalidArgument("a history record must be a JSON object");
  auto path = HistoryPath(backup_dir);
  int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return ErrnoStatus("open '" + path.string() + "'", errno);
  std::string line = record.dump() + "\n";
  struct stat st;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    char last = '\n';
    if (::pread(fd, &last, 1, st.st_size - 1) == 1 && last != '\n') line.insert(0, "\n");
  }
  bool created = st.st_size == 0;
  ssize_t w;
  do {
    w = ::write(fd, line.data(), line.size());
  } while (w < 0 && errno == EINTR);
  int err = errno;
  if (w != static_cast<ssize_t>(line.size())) {
    ::close(fd);
    return w < 0 ? ErrnoStatus("append to '" + path.string() + "'", err)
                 : IoError("short append to '" + path.string() + "'");
  }
  if (::fsync(fd) != 0) {
    err = errno;
    ::close(fd);
    return ErrnoStatus("fsync '" + path.string() + "'", err);
  }
  ::close(fd);
  if (created) return fs::FsyncDir(backup_dir);
  return Status::Ok();
}

Result<std::vector<nlohmann::json>> ReadHistory(const std::filesystem::path& backup_dir,
                                                size_t max) {
  std::vector<nlohmann::json> out;
  auto path = HistoryPath(backup_dir);
  auto text = fs::ReadFile(path, /*follow_symlinks=*/false);
  if (!text.ok()) {
    if (text.status().code() == StatusCode::kNotFound) return out;
    return text.status();
  }
  auto lines = SplitLines(*text);
  for (size_t i = lines.size(); i-- > 0 && out.size() < max;) {
    if (lines[i].empty()) continue;  // the separator written after a torn line
    auto j = nlohmann::json::parse(lines[i], nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) continue;  // torn by a crash
    out.push_back(std::move(j));
  }
  return out;
}

Result<std::map<std::string, std::string>> OutcomesByDeployment(
    const std::filesystem::path& backup_dir) {
  UA_ASSIGN_OR_RETURN(std::vector<nlohmann::json> history, ReadHistory(backup_dir, 1'000'000));
  std::map<std::string, std::string> outcomes;
  for (const nlohmann::json& h : history) {  // newest first: the newest word wins
    if (!h.contains("deployment_id") || !h["deployment_id"].is_string()) continue;
    if (!h.contains("outcome") || !h["outcome"].is_string()) continue;
    outcomes.emplace(h["deployment_id"].get<std::string>(), h["outcome"].get<std::string>());
  }
  return outcomes;
}

Result<std::optional<nlohmann::json>> LastHistoryRecord(const std::filesystem::path& backup_dir) {
  UA_ASSIGN_OR_RETURN(auto records, ReadHistory(backup_dir, 1));
  if (records.empty()) return std::optional<nlohmann::json>();
  return std::optional<nlohmann::json>(std::move(records.front()));
}

}  // namespace ua::engine
