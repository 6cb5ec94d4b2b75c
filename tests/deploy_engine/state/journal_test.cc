#include "deploy_engine/state/journal.h"

#include <catch2/catch.hpp>

#include "deploy_engine/state/layout.h"
#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

using ua::testing::TempDir;
using ua::testing::WriteFile;

Journal Sample() {
  Journal j;
  j.deployment_id = "dep-20261121T224509.123Z";
  j.operation = "deploy";
  j.profile = "unified-agents";
  j.backup_id = "20261121T224509.123Z-v0.1.0";
  j.started = "2026-11-21T22:45:09.123Z";
  j.step = JournalStep::kSwitching;
  j.plan.added = {"workflow/new.py"};
  j.plan.modified = {"server.py", "agents.json"};
  j.plan.removed = {"templates/old.json"};
  j.target = "/srv/prod";
  j.staging_dir = "/srv/.ua-staging-dep";
  return j;
}

TEST_CASE("A journal round-trips and its removal is final", "[engine][journal]") {
  TempDir dir;
  auto none = ReadJournal(dir.path());
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());

  REQUIRE(WriteJournal(dir.path(), Sample()).ok());
  auto read = ReadJournal(dir.path());
  REQUIRE(read.ok());
  REQUIRE(read->has_value());
  const Journal& j = **read;
  CHECK(j.deployment_id == "dep-20261121T224509.123Z");
  CHECK(j.operation == "deploy");
  CHECK(j.profile == "unified-agents");
  CHECK(j.backup_id == "20261121T224509.123Z-v0.1.0");
  CHECK(j.started == "2026-11-21T22:45:09.123Z");
  CHECK(j.step == JournalStep::kSwitching);
  CHECK(j.plan.added == std::vector<std::string>{"workflow/new.py"});
  CHECK(j.plan.modified == std::vector<std::string>{"server.py", "agents.json"});
  CHECK(j.plan.removed == std::vector<std::string>{"templates/old.json"});
  CHECK(j.target == "/srv/prod");
  CHECK(j.staging_dir == "/srv/.ua-staging-dep");

  Journal next = Sample();
  next.step = JournalStep::kVersionWritten;
  REQUIRE(WriteJournal(dir.path(), next).ok());
  read = ReadJournal(dir.path());
  REQUIRE(read.ok());
  CHECK((*read)->step == JournalStep::kVersionWritten);
  size_t entries = 0;
  for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  CHECK(entries == 1);

  REQUIRE(RemoveJournal(dir.path()).ok());
  CHECK_FALSE(std::filesystem::exists(JournalPath(dir.path())));
  read = ReadJournal(dir.path());
  REQUIRE(read.ok());
  CHECK_FALSE(read->has_value());
  CHECK(RemoveJournal(dir.path()).ok());
}

TEST_CASE("A corrupt journal is kCorrupt and not 'nothing in flight'", "[engine][journal]") {
  TempDir dir;
  WriteFile(JournalPath(dir.path()), "{\"deployment_id\": \"dep-1\", \"oper");
  auto r = ReadJournal(dir.path());
  CHECK(r.status().code() == StatusCode::kCorrupt);

  nlohmann::json j = Sample().ToJson();
  j["step"] = "halfway";
  WriteFile(JournalPath(dir.path()), j.dump());
  r = ReadJournal(dir.path());
  CHECK(r.status().code() == StatusCode::kCorrupt);
  CHECK(r.status().message().find("halfway") != std::string::npos);

  j = Sample().ToJson();
  j["plan"].erase("removed");
  WriteFile(JournalPath(dir.path()), j.dump());
  r = ReadJournal(dir.path());
  CHECK(r.status().code() == StatusCode::kCorrupt);
  CHECK(r.status().message().find("plan/removed") != std::string::npos);
}

TEST_CASE("Journal steps have stable names", "[engine][journal]") {
  for (auto step : {JournalStep::kStaged, JournalStep::kSwitching, JournalStep::kSwitched,
                    JournalStep::kVersionWritten}) {
    CHECK(ParseJournalStep(JournalStepName(step)) == step);
  }
  CHECK(std::string(JournalStepName(JournalStep::kVersionWritten)) == "version_written");
  CHECK_FALSE(ParseJournalStep("done"));
}

}  // namespace
}  // namespace ua::engine
