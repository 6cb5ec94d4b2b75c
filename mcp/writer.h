// Writer: the single owner of the protocol output (stdout). Every message is serialised to
// one line (no raw newline inside: JSON escapes them) and written whole under a mutex, so
// messages from the reader thread, the tool worker and log sinks never interleave.
//
// Strings that are not valid UTF-8 are replaced, never thrown on. After the first failed
// write (EPIPE when the client went away) the writer is "broken" and drops everything;
// callers learn it from the returned Status. Writer never logs, so a log sink may use it.
// It does not own the fd. Thread-safe: any thread may call Write().
#pragma once

#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace ua::mcp {

class Writer {
 public:
  explicit Writer(int fd) : fd_(fd) {}
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  Status Write(const nlohmann::json& message);
  Status WriteLine(std::string line);  // `line` must not contain '\n'

  // Drops every later write (the fd is about to be closed).
  void Close();

 private:
  int fd_;
  mutable std::mutex mu_;
  bool broken_ = false;
};

// The one-line serialisation used on the wire.
std::string Serialize(const nlohmann::json& message);

}  // namespace ua::mcp
