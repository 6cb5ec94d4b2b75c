// Status and Result<T>: expected failures as values.
//
// A Status is a code, a message meant for the person or model reading it (what is wrong and
// what to do), and optional context lines (paths, JSON pointers, file lists). Result<T> holds
// either a T or a non-OK Status. Both are plain values: copyable, movable, and safe to use
// from any thread as long as one object is not mutated concurrently.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace ua {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // bad input from the caller: arguments, config, ids
  kNotFound,            // a named thing does not exist
  kAlreadyExists,       // refused to overwrite something that exists
  kFailedPrecondition,  // the world is not in a state that allows this (dirty git, nested dirs)
  kPermissionDenied,    // the OS refused access
  kResourceExhausted,   // disk full, too large
  kBusy,                // another deployment holds the lock
  kCorrupt,             // data exists but cannot be trusted (corrupt VERSION, damaged backup)
  kIoError,             // a system call failed unexpectedly
  kCancelled,           // the caller asked us to stop
  kTimeout,             // a subprocess or wait ran out of time
  kInternal,            // a bug: an invariant was broken
};

// Stable lowercase name ("invalid_argument"), used in JSON output and logs.
const char* StatusCodeName(StatusCode code);

class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<std::string>& context() const { return context_; }

  // Adds a line of context (a path, a JSON pointer, a file name). Returns *this for chaining.
  Status& AddContext(std::string line) {
    context_.push_back(std::move(line));
    return *this;
  }
  // "message (context1; context2)" for logs and one-line errors.
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::vector<std::string> context_;
};

// Convenience constructors so call sites read like sentences.
inline Status InvalidArgument(std::string m) {
  return {StatusCode::kInvalidArgument, std::move(m)};
}
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status FailedPrecondition(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
inline Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
inline Status Corrupt(std::string m) { return {StatusCode::kCorrupt, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

// An errno-based failure: "<what>: <strerror(err)>", code chosen from the errno
// (ENOENT -> kNotFound, EACCES/EPERM -> kPermissionDenied, ENOSPC/EDQUOT -> kResourceExhausted,
// otherwise kIoError).
Status ErrnoStatus(const std::string& what, int err);

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(v_).ok() && "Result needs a value or a non-OK status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }

  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace ua

// Early-return helpers. UA_RETURN_IF_ERROR(expr) returns the Status of expr when not OK.
#define UA_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::ua::Status ua_status_ = (expr);        \
    if (!ua_status_.ok()) return ua_status_; \
  } while (0)

#define UA_CONCAT_INNER(a, b) a##b
#define UA_CONCAT(a, b) UA_CONCAT_INNER(a, b)
// UA_ASSIGN_OR_RETURN(auto x, ResultExpr()) declares x from the value or returns the Status.
#define UA_ASSIGN_OR_RETURN(decl, expr) \
  UA_ASSIGN_OR_RETURN_IMPL(UA_CONCAT(ua_result_, __LINE__), decl, expr)
#define UA_ASSIGN_OR_RETURN_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  decl = std::move(tmp).value()
