#include "deploy_engine/backup/managed_files.h"

#include "base/text_join.h"
#include "deploy_engine/files/file_selector.h"
#include "deploy_engine/files/tree_walk.h"

namespace ua::engine {

Result<std::vector<BackupSourceFile>> HashManagedFiles(const std::filesystem::path& root,
                                                       const Profile& profile, HashCache& cache) {
  const FileSelector selector(profile.include, profile.exclude);
  UA_ASSIGN_OR_RETURN(TreeListing listing, ListManagedFiles(root, selector));
  std::vector<std::string> bad = listing.unreadable;
  bad.insert(bad.end(), listing.special_files.begin(), listing.special_files.end());
  if (!bad.empty()) {
    return FailedPrecondition("managed files in " + root.string() +
                              " cannot be read or are not regular files: " + JoinFirst(bad, 10));
  }
  std::vector<BackupSourceFile> out;
  out.reserve(listing.files.size());
  for (const FileEntry& e : listing.files) {
    UA_ASSIGN_OR_RETURN(std::string sha, cache.Hash(root, e));
    out.push_back({e.path, e.size, e.mode, std::move(sha)});
  }
  return out;
}

}  // namespace ua::engine
