#include "base/semver.h"

#include <cctype>
#include <charconv>

namespace ua {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Parses one number at text[*pos]; no leading zeros except "0".
std::optional<uint64_t> Number(std::string_view text, size_t* pos) {
  size_t start = *pos;
  while (*pos < text.size() && IsDigit(text[*pos])) ++*pos;
  if (*pos == start || *pos - start > 18) return std::nullopt;
  if (text[start] == '0' && *pos - start > 1) return std::nullopt;
  uint64_t v = 0;
  std::from_chars(text.data() + start, text.data() + *pos, v);
  return v;
}

// x.y.z starting at text[start]; *end receives the index after it.
std::optional<SemVer> ParseAt(std::string_view text, size_t start, size_t* end) {
  size_t pos = start;
  SemVer v;
  auto major = Number(text, &pos);
  if (!major || pos >= text.size() || text[pos] != '.') return std::nullopt;
  ++pos;
  auto minor = Number(text, &pos);
  if (!minor || pos >= text.size() || text[pos] != '.') return std::nullopt;
  ++pos;
  auto patch = Number(text, &pos);
  if (!patch) return std::nullopt;
  *end = pos;
  return SemVer{*major, *minor, *patch};
}

}  // namespace

std::string SemVer::ToString() const {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

std::optional<SemVer> ParseSemVer(std::string_view text) {
  size_t end = 0;
  auto v = ParseAt(text, 0, &end);
  if (!v || end != text.size()) return std::nullopt;
  return v;
}

std::optional<SemVer> FindSemVer(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (!IsDigit(text[i])) continue;
    if (i > 0 && (IsDigit(text[i - 1]) || text[i - 1] == '.')) continue;
    size_t end = 0;
    auto v = ParseAt(text, i, &end);
    if (!v) continue;
    if (end < text.size() &&
        (text[end] == '.' && end + 1 < text.size() && IsDigit(text[end + 1]))) {
      continue;  // 1.2.3.4 is not a semantic version
    }
    if (end < text.size() && IsDigit(text[end])) continue;
    return v;
  }
  return std::nullopt;
}

Result<std::string> ChooseVersion(const VersionInputs& in) {
  std::optional<SemVer> production;
  if (in.production) production = ParseSemVer(*in.production);

  SemVer chosen;
  if (in.requested) {
    auto v = ParseSemVer(*in.requested);
    if (!v) {
      return InvalidArgument("version '" + *in.requested +
                             "' is not of the form x.y.z (e.g. 1.4.2); pass a version like that "
                             "or omit it to bump production's patch number");
    }
    chosen = *v;
  } else if (in.version_from_text) {
    auto v = FindSemVer(*in.version_from_text);
    if (!v) {
      return InvalidArgument("the profile's version_from file " + in.version_from_name +
                             " contains no version of the form x.y.z; add one (e.g. "
                             "__version__ = \"1.4.2\") or pass the version explicitly");
    }
    chosen = *v;
  } else if (production) {
    chosen = *production;
    ++chosen.patch;
    return chosen.ToString();
  } else {
    return SemVer{0, 1, 0}.ToString();
  }

  if (production && chosen <= *production && !in.allow_downgrade) {
    return InvalidArgument("version " + chosen.ToString() + " is not newer than production's " +
                           production->ToString() +
                           "; choose a newer version, or set \"allow_downgrade\": true in the "
                           "profile to deploy it anyway");
  }
  return chosen.ToString();
}

}  // namespace ua
