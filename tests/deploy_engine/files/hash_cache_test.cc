#include "deploy_engine/files/hash_cache.h"

#include <catch2/catch.hpp>

#include "platform/sha256.h"
#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

// Pretends hashing happens long after every write, so fresh files are not "racy".
int64_t FarFuture() { return int64_t{4'000'000'000} * 1'000'000'000; }

FileEntry Entry(const std::filesystem::path& root, const std::string& rel) {
  FileSelector sel({rel}, {});
  Result<TreeListing> l = ListManagedFiles(root, sel);
  REQUIRE(l.ok());
  REQUIRE(l->files.size() == 1);
  return l->files[0];
}

TEST_CASE("an unchanged file is a hit", "[hash_cache]") {
  testing::TempDir dir;
  testing::WriteFile(dir / "a.txt", "hello");
  HashCache cache = HashCache::InMemory(FarFuture);
  FileEntry e = Entry(dir.path(), "a.txt");
  Result<std::string> first = cache.Hash(dir.path(), e);
  REQUIRE(first.ok());
  CHECK(*first == Sha256Hex("hello"));
  Result<std::string> second = cache.Hash(dir.path(), e);
  REQUIRE(second.ok());
  CHECK(*second == *first);
  CHECK(cache.misses() == 1);
  CHECK(cache.hits() == 1);
}

TEST_CASE("HashAll hashes every entry in order and stores what it read", "[hash_cache]") {
  testing::TempDir dir;
  std::vector<FileEntry> entries;
  for (int i = 0; i < 40; ++i) {
    const std::string name = "f" + std::to_string(i) + ".txt";
    testing::WriteFile(dir / name, "content " + std::to_string(i));
    entries.push_back(Entry(dir.path(), name));
  }
  HashCache cache = HashCache::InMemory(FarFuture);
  REQUIRE(cache.Hash(dir.path(), entries[7]).ok());  // one hit among the misses
  Result<std::vector<std::string>> all = cache.HashAll(dir.path(), entries);
  REQUIRE(all.ok());
  REQUIRE(all->size() == entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    CHECK((*all)[i] == Sha256Hex("content " + std::to_string(i)));
  }
  CHECK(cache.hits() == 1);
  CHECK(cache.misses() == entries.size());
  REQUIRE(cache.HashAll(dir.path(), entries).ok());
  CHECK(cache.hits() == 1 + entries.size());
}

TEST_CASE("HashAll names a file it cannot read", "[hash_cache]") {
  testing::TempDir dir;
  testing::WriteFile(dir / "a.txt", "a");
  FileEntry e = Entry(dir.path(), "a.txt");
  std::filesystem::remove(dir / "a.txt");
  HashCache cache = HashCache::InMemory(FarFuture);
  Result<std::vector<std::string>> all = cache.HashAll(dir.path(), {e});
  REQUIRE_FALSE(all.ok());
  CHECK_THAT(all.status().message(), Catch::Contains("a.txt"));
}

TEST_CASE("same size and restored mtime with new content makes the cache miss", "[hash_cache]") {
  testing::TempDir dir;
  testing::WriteFile(dir / "a.txt", "AAAA");
  const int64_t mtime = testing::MtimeNs(dir / "a.txt");
  HashCache cache = HashCache::InMemory(FarFuture);
  FileEntry before = Entry(dir.path(), "a.txt");
  REQUIRE(cache.Hash(dir.path(), before).ok());

  testing::RewriteInPlace(dir / "a.txt", "BBBB");
  testing::SetMtimeNs(dir / "a.txt", mtime);
  FileEntry after = Entry(dir.path(), "a.txt");
  REQUIRE(after.size == before.size);
  REQUIRE(after.mtime_ns == before.mtime_ns);
  REQUIRE(after.inode == before.inode);

  Result<std::string> h = cache.Hash(dir.path(), after);
  REQUIRE(h.ok());
  CHECK(*h == Sha256Hex("BBBB"));
  CHECK(cache.hits() == 0);
  CHECK(cache.misses() == 2);
}

TEST_CASE("entries persist across Save and Load and unused ones are dropped", "[hash_cache]") {
  testing::TempDir dir;
  testing::WriteFile(dir / "tree/a.txt", "a");
  testing::WriteFile(dir / "tree/b.txt", "b");
  const std::filesystem::path file = dir / "cache/hashes.json";
  {
    HashCache cache = HashCache::Load(file, FarFuture);
    CHECK(cache.size() == 0);
    REQUIRE(cache.Hash(dir / "tree", Entry(dir / "tree", "a.txt")).ok());
    REQUIRE(cache.Hash(dir / "tree", Entry(dir / "tree", "b.txt")).ok());
    REQUIRE(cache.Save().ok());
  }
  {
    HashCache cache = HashCache::Load(file, FarFuture);
    CHECK(cache.size() == 2);
    Result<std::string> a = cache.Hash(dir / "tree", Entry(dir / "tree", "a.txt"));
    REQUIRE(a.ok());
    CHECK(*a == Sha256Hex("a"));
    CHECK(cache.hits() == 1);
    CHECK(cache.misses() == 0);
    REQUIRE(cache.Save().ok());  // b.txt was not used
  }
  HashCache cache = HashCache::Load(file, FarFuture);
  CHECK(cache.size() == 1);
}

TEST_CASE("racy entries are not trusted", "[hash_cache]") {
  testing::TempDir dir;
  testing::WriteFile(dir / "a.txt", "a");
  // The real coarse clock: the file was written just now, within the racy window.
  HashCache cache = HashCache::Load(dir / "c.json");
  FileEntry e = Entry(dir.path(), "a.txt");
  REQUIRE(cache.Hash(dir.path(), e).ok());
  REQUIRE(cache.Hash(dir.path(), e).ok());
  CHECK(cache.hits() == 0);
  CHECK(cache.misses() == 2);
}

TEST_CASE("a corrupt or missing cache file loads empty", "[hash_cache]") {
  testing::TempDir dir;
  CHECK(HashCache::Load(dir / "missing.json").size() == 0);
  testing::WriteFile(dir / "corrupt.json", "{\"format\": 1, \"entries\": [");
  HashCache corrupt = HashCache::Load(dir / "corrupt.json", FarFuture);
  CHECK(corrupt.size() == 0);
  testing::WriteFile(dir / "wrong.json",
                     R"({"format": 1, "entries": {"/x": {"size": "big"}, "/y": 3}})");
  CHECK(HashCache::Load(dir / "wrong.json").size() == 0);
  // And it can still be used and saved over.
  testing::WriteFile(dir / "a.txt", "a");
  REQUIRE(corrupt.Hash(dir.path(), Entry(dir.path(), "a.txt")).ok());
  REQUIRE(corrupt.Save().ok());
  CHECK(HashCache::Load(dir / "corrupt.json").size() == 1);
}

}  // namespace
}  // namespace ua::engine
