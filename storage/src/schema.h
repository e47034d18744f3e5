#pragma once

#include <filesystem>

namespace SQLite {
class Database;
}

namespace lrscope::storage {

/// PRAGMA user_version: 0 for a new file.
[[nodiscard]] int userVersion(SQLite::Database& db);

/// The schema version of an LR Scope database file, read without writing anything. Throws
/// StorageError naming file for one written by a newer LR Scope or by another program.
[[nodiscard]] int checkedSchemaVersion(SQLite::Database& db, const std::filesystem::path& file);

/// Applies the migrations after fromVersion in order, each in its own transaction; each one
/// stamps its version, so an interrupted upgrade resumes where it stopped.
void migrate(SQLite::Database& db, int fromVersion);

} // namespace lrscope::storage
