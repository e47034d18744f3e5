#pragma once

namespace SQLite {
class Database;
}

namespace lrscope::storage {

/// PRAGMA user_version: 0 for a new file.
[[nodiscard]] int userVersion(SQLite::Database& db);

/// Whether the file already holds tables (of any program).
[[nodiscard]] bool hasTables(SQLite::Database& db);

/// Applies the migrations after fromVersion in order, each in its own transaction; each one
/// stamps its version, so an interrupted upgrade resumes where it stopped.
void migrate(SQLite::Database& db, int fromVersion);

} // namespace lrscope::storage
