// Backup verification: re-reads every file a backup's manifest lists and compares type,
// permission bits, size and SHA-256 with the manifest. Nothing is trusted from the directory
// listing: a listed file that is missing, a symlink, or different is a mismatch.
//
// Read-only and stateless; safe from any thread, also while another process deploys (a
// complete backup is never modified).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "deploy_engine/backup/backup_manifest.h"

namespace ua::engine {

// One file: the mismatch line (see below), or nullopt when it matches.
std::optional<std::string> CheckBackupFile(const std::filesystem::path& file,
                                           const std::string& name, uint64_t size, uint32_t mode,
                                           const std::string& sha256);

// Every file of the manifest, read and hashed on a small pool of threads (base/parallel_for.h).
// One line per mismatch, in manifest order, e.g. "files/server.py: sha256 differs from the
// manifest"; empty when everything matches.
std::vector<std::string> VerifyBackupContents(const std::filesystem::path& backup_dir_path,
                                              const BackupManifest& manifest);

// Reads <dir>/manifest.json and verifies against it. kCorrupt when the manifest is unreadable
// or any file mismatches (the first mismatches are in the context).
Status VerifyBackup(const std::filesystem::path& backup_dir_path);

}  // namespace ua::engine
