// SHA-256 digests (OpenSSL EVP) as lowercase hex, the same text sha256sum prints, so that
// manifests can be checked with `sha256sum -c`.
//
// Stateless; safe from any thread.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace ua {

std::string Sha256Hex(std::string_view data);

// A SHA-256 computed piece by piece (a copy hashes the bytes it writes). One owner, one thread.
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;

  // False when OpenSSL could not set up or take the bytes; Finish() then fails.
  bool Update(const void* data, size_t size);
  // The digest as lowercase hex. Call once.
  Result<std::string> Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Reads the file (following a symlink) and hashes its bytes.
Result<std::string> Sha256File(const std::filesystem::path& file);

// Hashes an open descriptor from offset 0 to its end. `file` names it in errors. When
// `stat_before` is not null it receives fstat() taken before reading, and the call fails with
// kIoError if the size, mtime or ctime changed while reading (the content is then a mix).
Result<std::string> Sha256Fd(int fd, const std::filesystem::path& file,
                             struct stat* stat_before = nullptr);

}  // namespace ua
