// Journal: the record of an operation in flight, at <backup_dir>/journal.json. It exists
// only between the moment production may start to change and the moment the operation is
// finished; after a crash, its presence tells the next start to recover, and its content says
// how (which backup restores the old release, which files the plan touched, how far the
// switch got).
//
// Every write is crash-safe (temp file, fsync, rename, fsync dir): a reader sees either the
// previous record or the new one. Removal is fsynced too. Callers hold the deploy lock; the
// functions themselves are stateless and safe from any thread.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace ua::engine {

enum class JournalStep {
  kStaged,          // new files are in staging; production untouched
  kSwitching,       // renames into production have begun
  kSwitched,        // every planned rename/unlink is done
  kVersionWritten,  // VERSION is written; only bookkeeping remains
};

const char* JournalStepName(JournalStep step);  // "staged", "switching", ...
std::optional<JournalStep> ParseJournalStep(std::string_view name);

struct JournalPlan {
  std::vector<std::string> added;
  std::vector<std::string> modified;
  std::vector<std::string> removed;
};

struct Journal {
  std::string deployment_id;
  std::string operation;  // "deploy" | "rollback" | "recover"
  std::string profile;
  std::string backup_id;
  std::string started;  // ISO UTC
  JournalStep step = JournalStep::kStaged;
  JournalPlan plan;
  std::string target;
  std::string staging_dir;

  nlohmann::json ToJson() const;
  // kCorrupt naming the first missing or mistyped field.
  static Result<Journal> FromJson(const nlohmann::json& j);
};

Status WriteJournal(const std::filesystem::path& backup_dir, const Journal& journal);
// nullopt when there is no journal (nothing in flight); kCorrupt when one exists but cannot
// be read as a journal (recovery must then stop and ask a person).
Result<std::optional<Journal>> ReadJournal(const std::filesystem::path& backup_dir);
Status RemoveJournal(const std::filesystem::path& backup_dir);

}  // namespace ua::engine
