#pragma once

#include "lrscope/storage/run_database.h"
#include "lrscope/storage/storage_error.h"

#include "batch_insert.h"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>

namespace lrscope::storage {

/// The connection and the statements reused by the hot path (appendSteps).
class RunDatabase::Impl {
public:
  Impl(const std::filesystem::path& file, Access access, Journal journal);

  /// Throws StorageError "no run N in FILE" unless the run exists.
  void requireRun(int64_t runId);
  /// "no run N in FILE".
  [[nodiscard]] StorageError noRun(int64_t runId) const;
  /// The experiment's id, creating it when missing (inside the caller's transaction).
  int64_t experimentId(const std::string& name);
  /// The run's picked range, if it has one.
  [[nodiscard]] std::optional<StoredRange> storedRange(int64_t runId);

  /// The statements of the hot path (appendSteps), prepared once per connection.
  BatchInsert& insertSteps();
  BatchInsert& insertGroupLrs();
  SQLite::Statement& countSteps();

  std::filesystem::path m_file;
  SQLite::Database m_db;

private:
  void markInterruptedRuns();

  std::unique_ptr<BatchInsert> m_insertSteps;
  std::unique_ptr<BatchInsert> m_insertGroupLrs;
  std::unique_ptr<SQLite::Statement> m_countSteps;
};

/// How long a connection waits for another's write lock.
inline constexpr int kBusyTimeoutMs = 5000;
/// The same for a database with a rollback journal (a task's file, maybe on NFS), where the
/// repeats' threads take turns on slower locks.
inline constexpr int kNetworkBusyTimeoutMs = 60000;

/// The current UTC time in SQL, as stored in every *_at column.
inline constexpr const char* kSqlNow = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

/// Binds a real, NaN as NULL (SQLite has no NaN).
inline void bindReal(SQLite::Statement& statement, int index, double value) {
  if (std::isnan(value)) {
    statement.bind(index);
  } else {
    statement.bind(index, value);
  }
}

/// Reads a real, NULL as NaN.
inline double readReal(const SQLite::Column& column) {
  return column.isNull() ? std::numeric_limits<double>::quiet_NaN() : column.getDouble();
}

} // namespace lrscope::storage
