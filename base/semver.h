// Version rules of a deployment (docs/design.md "The deployment"): the explicit version
// argument, else the first x.y.z in the profile's version_from file, else production's version
// with its patch number bumped, starting at 0.1.0. A version that is not newer than
// production's needs allow_downgrade.
//
// Plain values and pure functions; safe from any thread.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace ua {

struct SemVer {
  uint64_t major = 0, minor = 0, patch = 0;

  std::string ToString() const;
  auto operator<=>(const SemVer&) const = default;
};

// Exactly "x.y.z" (decimal numbers without signs or leading zeros beyond "0").
std::optional<SemVer> ParseSemVer(std::string_view text);
// The first "x.y.z" inside `text` that is not part of a longer dotted number, e.g. the
// version in `__version__ = "1.4.2"`.
std::optional<SemVer> FindSemVer(std::string_view text);

struct VersionInputs {
  std::optional<std::string> requested;          // the request's version
  std::optional<std::string> version_from_text;  // content of the version_from file, if named
  std::string version_from_name;                 // its path, for messages
  std::optional<std::string> production;         // production's version, when VERSION is ok
  bool allow_downgrade = false;
};

// kInvalidArgument: requested is not x.y.z; version_from holds no x.y.z; the chosen version is
// not newer than production and allow_downgrade is off. A production version that is not
// x.y.z cannot be compared or bumped: the rules then start at 0.1.0 and compare nothing.
Result<std::string> ChooseVersion(const VersionInputs& in);

}  // namespace ua
