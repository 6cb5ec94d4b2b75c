#include "deploy_engine/files/plan.h"

#include "base/text_join.h"
#include "deploy_engine/files/file_selector.h"
#include "deploy_engine/files/tree_walk.h"
#include "deploy_engine/state/version_file.h"

namespace ua::engine {
namespace {

std::string JoinList(const std::vector<std::string>& items) {
  return JoinFirst(items, 10, ", and {} more");
}

Status CheckReadable(const TreeListing& listing, const char* side, const Profile& profile,
                     const std::filesystem::path& root) {
  if (!listing.unreadable.empty()) {
    return Status(StatusCode::kPermissionDenied,
                  std::string("cannot read managed paths in the ") + side + " of profile '" +
                      profile.name + "' (" + root.string() + "): " + JoinList(listing.unreadable) +
                      "; fix their permissions or exclude them");
  }
  if (!listing.special_files.empty()) {
    return FailedPrecondition(
        std::string("managed paths in the ") + side + " of profile '" + profile.name +
        "' are not regular files: " + JoinList(listing.special_files) + "; exclude them");
  }
  return Status::Ok();
}

PlannedFile Describe(const FileEntry& f, std::string sha) {
  PlannedFile p;
  p.path = f.path;
  p.size = f.size;
  p.mode = f.mode;
  p.sha256 = std::move(sha);
  return p;
}

}  // namespace

Result<Plan> BuildPlan(const Profile& profile, HashCache& cache) {
  const FileSelector selector(profile.include, profile.exclude);
  UA_ASSIGN_OR_RETURN(TreeListing src, ListManagedFiles(profile.source, selector));
  if (!src.root_exists) {
    return NotFound("the source directory of profile '" + profile.name +
                    "' does not exist: " + profile.source.string() +
                    "; fix \"source\" in the config or create the directory");
  }
  UA_RETURN_IF_ERROR(CheckReadable(src, "source", profile, profile.source));
  UA_ASSIGN_OR_RETURN(TreeListing dst, ListManagedFiles(profile.target, selector));
  UA_RETURN_IF_ERROR(CheckReadable(dst, "target", profile, profile.target));

  Plan plan;
  plan.source_exists = true;
  plan.target_exists = dst.root_exists;
  plan.escaping_symlinks = std::move(src.escaping_symlinks);
  plan.target_escaping_symlinks = std::move(dst.escaping_symlinks);
  const std::vector<FileEntry>& s = src.files;
  const std::vector<FileEntry>& t = dst.files;
  UA_ASSIGN_OR_RETURN(std::vector<std::string> s_sha, cache.HashAll(profile.source, s));
  UA_ASSIGN_OR_RETURN(std::vector<std::string> t_sha, cache.HashAll(profile.target, t));
  plan.target.reserve(t.size());
  for (size_t k = 0; k < t.size(); ++k) plan.target.push_back({t[k], t_sha[k]});
  size_t i = 0, j = 0;
  while (i < s.size() || j < t.size()) {
    if (j == t.size() || (i < s.size() && s[i].path < t[j].path)) {
      plan.bytes_to_write += s[i].size;
      plan.added.push_back(Describe(s[i], s_sha[i]));
      ++i;
    } else if (i == s.size() || t[j].path < s[i].path) {
      PlannedFile p = Describe(t[j], t_sha[j]);
      p.old_sha256 = t_sha[j];
      p.old_mode = t[j].mode;
      p.old_size = t[j].size;
      plan.removed.push_back(std::move(p));
      ++j;
    } else {
      if (s_sha[i] == t_sha[j] && s[i].mode == t[j].mode) {
        plan.unchanged.push_back(s[i].path);
      } else {
        PlannedFile p = Describe(s[i], s_sha[i]);
        p.old_sha256 = t_sha[j];
        p.old_mode = t[j].mode;
        p.old_size = t[j].size;
        plan.bytes_to_write += s[i].size;
        plan.modified.push_back(std::move(p));
      }
      ++i;
      ++j;
    }
  }
  return plan;
}

}  // namespace ua::engine
