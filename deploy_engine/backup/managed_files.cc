#include "deploy_engine/backup/managed_files.h"

#include "base/text_join.h"
#include "deploy_engine/files/file_selector.h"
#include "deploy_engine/files/tree_walk.h"

namespace ua::engine {

Result<std::vector<BackupSourceFile>> HashManagedFiles(const std::filesystem::path& root,
                                                       const Profile& profile, HashCache& cache,
                                                       std::vector<FileEntry>* facts) {
  const FileSelector selector(profile.include, profile.exclude);
  UA_ASSIGN_OR_RETURN(TreeListing listing, ListManagedFiles(root, selector));
  std::vector<std::string> bad = listing.unreadable;
  bad.insert(bad.end(), listing.special_files.begin(), listing.special_files.end());
  if (!bad.empty()) {
    return FailedPrecondition("managed files in " + root.string() +
                              " cannot be read or are not regular files: " + JoinFirst(bad, 10));
  }
  UA_ASSIGN_OR_RETURN(std::vector<std::string> sha, cache.HashAll(root, listing.files));
  std::vector<BackupSourceFile> out;
  out.reserve(listing.files.size());
  for (size_t i = 0; i < listing.files.size(); ++i) {
    const FileEntry& e = listing.files[i];
    out.push_back({e.path, e.size, e.mode, std::move(sha[i]), /*replaced=*/false});
  }
  if (facts) *facts = std::move(listing.files);
  return out;
}

}  // namespace ua::engine
