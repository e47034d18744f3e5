#include "schema.h"

#include "lrscope/storage/run_database.h"
#include "lrscope/storage/storage_error.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <array>

namespace lrscope::storage {
namespace {

/// Migration N (1-based) brings the schema from N-1 to N and stamps user_version = N itself.
/// User data (runs, notes, tags, ranges) must survive every migration.
constexpr std::array<const char*, RunDatabase::kSchemaVersion> kMigrations = {R"sql(
CREATE TABLE experiments (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN
    ('running', 'completed', 'diverged', 'cancelled', 'failed', 'interrupted')),
  config_json TEXT NOT NULL DEFAULT '',
  seed INTEGER NOT NULL DEFAULT 0,
  dataset TEXT NOT NULL DEFAULT '',
  model TEXT NOT NULL DEFAULT '',
  started_at TEXT NOT NULL,
  finished_at TEXT,
  duration_s REAL,
  message TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  pid INTEGER,
  host TEXT
);
CREATE INDEX runs_started_at ON runs(started_at);
CREATE INDEX runs_experiment ON runs(experiment_id);
CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE run_tags (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  PRIMARY KEY (run_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX run_tags_tag ON run_tags(tag_id);
CREATE TABLE step_metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  lr REAL,
  loss REAL,
  smoothed_loss REAL,
  batch_accuracy REAL,
  val_loss REAL,
  val_accuracy REAL,
  wall_s REAL,
  PRIMARY KEY (run_id, step)
) WITHOUT ROWID;
CREATE TABLE step_group_lrs (
  run_id INTEGER NOT NULL,
  step INTEGER NOT NULL,
  group_index INTEGER NOT NULL,
  lr REAL,
  PRIMARY KEY (run_id, step, group_index),
  FOREIGN KEY (run_id, step) REFERENCES step_metrics(run_id, step) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE TABLE epoch_metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  epoch INTEGER NOT NULL,
  train_loss REAL,
  train_accuracy REAL,
  val_loss REAL,
  val_accuracy REAL,
  lr REAL,
  wall_s REAL,
  PRIMARY KEY (run_id, epoch)
) WITHOUT ROWID;
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  step INTEGER,
  kind TEXT NOT NULL,
  payload_json TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);
CREATE INDEX events_run ON events(run_id, step);
CREATE TABLE suggestions (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  rule TEXT NOT NULL,
  version INTEGER NOT NULL,
  lr REAL,
  loss REAL,
  step_index INTEGER NOT NULL,
  PRIMARY KEY (run_id, rule)
);
CREATE TABLE ranges (
  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  lower REAL NOT NULL,
  upper REAL NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('auto', 'manual')),
  rule TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
);
PRAGMA user_version = 1;
)sql",
                                                                              R"sql(
-- v2: a uid per run (so merging databases never duplicates a run), the file an imported run
-- came from, the step count kept with the run (listing stays fast), and the automatic range
-- kept beside a manual pick.
ALTER TABLE runs ADD COLUMN uid TEXT;
UPDATE runs SET uid = 'v1-' || coalesce(host, '') || '-' || coalesce(pid, 0) || '-' ||
                      started_at || '-' || id;
CREATE UNIQUE INDEX runs_uid ON runs(uid);
ALTER TABLE runs ADD COLUMN source_file TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN step_count INTEGER NOT NULL DEFAULT 0;
UPDATE runs SET step_count = (SELECT count(*) FROM step_metrics s WHERE s.run_id = runs.id);
ALTER TABLE ranges ADD COLUMN auto_lower REAL;
ALTER TABLE ranges ADD COLUMN auto_upper REAL;
UPDATE ranges SET auto_lower = lower, auto_upper = upper WHERE source = 'auto';
PRAGMA user_version = 2;
)sql",
                                                                              R"sql(
-- v3: training runs: the checkpoint a run saved, the sweep a run belongs to, and test metrics
-- per epoch.
ALTER TABLE runs ADD COLUMN checkpoint_path TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN parent_run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE;
CREATE INDEX runs_parent ON runs(parent_run_id);
ALTER TABLE epoch_metrics ADD COLUMN test_loss REAL;
ALTER TABLE epoch_metrics ADD COLUMN test_accuracy REAL;
PRAGMA user_version = 3;
)sql",
                                                                              R"sql(
-- v4: what a run found in its data: the class names and its warnings, JSON arrays of text.
ALTER TABLE runs ADD COLUMN class_names TEXT NOT NULL DEFAULT '[]';
ALTER TABLE runs ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
PRAGMA user_version = 4;
)sql"};

} // namespace

int userVersion(SQLite::Database& db) {
  return db.execAndGet("PRAGMA user_version").getInt();
}

int checkedSchemaVersion(SQLite::Database& db, const std::filesystem::path& file) {
  // One statement, one snapshot: read apart, another process creating the same new file could
  // commit its tables between the two reads, and this one would call it a foreign database.
  SQLite::Statement read(db, "SELECT (SELECT user_version FROM pragma_user_version), "
                             "(SELECT count(*) FROM sqlite_master)");
  read.executeStep();
  const int version = read.getColumn(0).getInt();
  const int tables = read.getColumn(1).getInt();
  if (version < 0) { // no LR Scope ever stamps one; it would index before the first migration
    throw StorageError(file.string() + ": not an LR Scope database (schema version " +
                       std::to_string(version) + ")");
  }
  if (version > RunDatabase::kSchemaVersion) {
    throw StorageError(file.string() + ": written by a newer LR Scope (schema " +
                       std::to_string(version) + ", this build knows " +
                       std::to_string(RunDatabase::kSchemaVersion) + "); use a newer lrscope");
  }
  if (version == 0 && tables > 0) {
    throw StorageError(file.string() +
                       ": not an LR Scope database (it holds another program's tables)");
  }
  return version;
}

void migrate(SQLite::Database& db, int fromVersion) {
  for (int version = fromVersion + 1; version <= RunDatabase::kSchemaVersion; ++version) {
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    if (userVersion(db) >= version) {
      continue; // another process applied it while this one waited for the lock
    }
    db.exec(kMigrations[static_cast<std::size_t>(version - 1)]);
    transaction.commit();
  }
}

} // namespace lrscope::storage
