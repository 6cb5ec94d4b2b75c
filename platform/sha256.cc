#include "platform/sha256.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <vector>

#include "base/hex.h"
#include "platform/stat_time.h"

namespace ua {
namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

MdCtx NewSha256() {
  MdCtx ctx(EVP_MD_CTX_new());
  if (ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) ctx.reset();
  return ctx;
}

Result<std::string> Finish(EVP_MD_CTX* ctx) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx, digest, &len) != 1) return Internal("EVP_DigestFinal_ex failed");
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), len));
}

bool SameContentStat(const struct stat& a, const struct stat& b) {
  return a.st_size == b.st_size && StatMtimeNs(a) == StatMtimeNs(b) &&
         StatCtimeNs(a) == StatCtimeNs(b);
}

}  // namespace

struct Sha256Stream::State {
  MdCtx ctx = NewSha256();
  bool ok = static_cast<bool>(ctx);
};

Sha256Stream::Sha256Stream() : state_(std::make_unique<State>()) {}
Sha256Stream::~Sha256Stream() = default;

bool Sha256Stream::Update(const void* data, size_t size) {
  if (state_->ok && EVP_DigestUpdate(state_->ctx.get(), data, size) != 1) state_->ok = false;
  return state_->ok;
}

Result<std::string> Sha256Stream::Finish() {
  if (!state_->ok) return Internal("OpenSSL SHA-256 failed");
  return ua::Finish(state_->ctx.get());
}

std::string Sha256Hex(std::string_view data) {
  MdCtx ctx = NewSha256();
  if (!ctx || EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1) return {};
  Result<std::string> hex = Finish(ctx.get());
  return hex.ok() ? *hex : std::string();
}

Result<std::string> Sha256Fd(int fd, const std::filesystem::path& file, struct stat* stat_before) {
  struct stat before {};
  if (::fstat(fd, &before) != 0) return ErrnoStatus("fstat " + file.string(), errno);
  MdCtx ctx = NewSha256();
  if (!ctx) return Internal("cannot create an OpenSSL SHA-256 context");
  // One buffer per thread, reused: hashing many small files allocates nothing.
  thread_local std::vector<char> buf(1 << 18);
  off_t offset = 0;
  for (;;) {
    // With stat_before, reading stops at the size fstat gave: a file that grew meanwhile fails
    // the check below, so the read that would only say "end of file" is not needed.
    if (stat_before && offset == before.st_size) break;
    ssize_t n = ::pread(fd, buf.data(), buf.size(), offset);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("read " + file.string(), errno);
    }
    if (n == 0) break;
    if (EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<size_t>(n)) != 1) {
      return Internal("EVP_DigestUpdate failed");
    }
    offset += n;
  }
  if (stat_before) {
    struct stat after {};
    if (::fstat(fd, &after) != 0) return ErrnoStatus("fstat " + file.string(), errno);
    if (!SameContentStat(before, after) || offset != before.st_size) {
      return IoError("file changed while it was being hashed: " + file.string() +
                     "; stop whatever is writing it and retry");
    }
    *stat_before = before;
  }
  return Finish(ctx.get());
}

Result<std::string> Sha256File(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open " + file.string(), errno);
  Result<std::string> hex = Sha256Fd(fd, file);
  ::close(fd);
  return hex;
}

}  // namespace ua
