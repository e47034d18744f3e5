#pragma once

// What a command stored, read back through a raw SQLite connection.
#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <filesystem>
#include <string>

namespace lrscope::cli::test {

/// The first column of the first row of `sql` (a count, an id); -1 without a row.
inline int64_t count(const std::filesystem::path& db, const std::string& sql) {
  SQLite::Database database(db.string(), SQLite::OPEN_READONLY);
  SQLite::Statement query(database, sql);
  return query.executeStep() ? query.getColumn(0).getInt64() : -1;
}

} // namespace lrscope::cli::test
