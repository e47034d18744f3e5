#include "run_database_impl.h"

#include "lrscope/engine/message_text.h"

#include "read_only_open.h"
#include "schema.h"
#include "sqlite_errors.h"

#include <SQLiteCpp/Transaction.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <pwd.h>
#include <sys/types.h>
#include <system_error>
#include <unistd.h>

namespace lrscope::storage {
namespace {

namespace fs = std::filesystem;

constexpr const char* kGoneMessage = "the process that ran it is gone";

std::string hostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof(name) - 1) != 0) {
    return {};
  }
  return name;
}

/// Creates the folder, then opens (or creates) the file; nothing is written yet.
SQLite::Database openFile(const fs::path& file) {
  if (file.has_parent_path()) {
    std::error_code error;
    fs::create_directories(file.parent_path(), error);
    if (error == std::errc::permission_denied || error == std::errc::read_only_file_system) {
      throw readOnlyError(file);
    }
    if (error) {
      throw StorageError(file.string() + ": cannot create its folder (" + error.message() + ")");
    }
  }
  return guarded(file, [&] {
    return SQLite::Database(file.string(),
                            SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
                            kBusyTimeoutMs);
  });
}

/// The file opened read-only at this build's schema. Where this process may write the file, the
/// bookkeeping of any opening comes first (migrations; runs of dead processes marked
/// interrupted), so that reading shows what is true; a file it may not write is read as it is,
/// untouched, and refused when its schema is older.
SQLite::Database openReadOnlyAtCurrentSchema(const fs::path& file) {
  std::error_code error;
  if (fs::is_regular_file(file, error) && ::access(file.c_str(), W_OK) == 0) {
    try {
      const RunDatabase upkeep(file);
    } catch (const StorageError&) {
      // A folder that cannot hold the journal, a foreign file: reading says what is wrong.
    }
  }
  SQLite::Database db = openReadOnly(file, kBusyTimeoutMs);
  const int version = guarded(file, [&] { return checkedSchemaVersion(db, file); });
  if (version == 0)
    throw StorageError(file.string() + ": an empty file, not an LR Scope database");
  if (version != RunDatabase::kSchemaVersion)
    throw StorageError(file.string() + ": written by an older LR Scope (schema " +
                       std::to_string(version) +
                       ") and write-protected; open it once where it may be written to upgrade "
                       "it");
  return db;
}

} // namespace

RunDatabase::Impl::Impl(const fs::path& file, Access access, Journal journal)
    : m_file(file),
      m_db(access == Access::ReadOnly ? openReadOnlyAtCurrentSchema(file) : openFile(file)) {
  if (access == Access::ReadOnly)
    return;
  guarded(m_file, [&] {
    // Look before writing anything: a newer or foreign file is refused untouched.
    const int version = checkedSchemaVersion(m_db, m_file);
    if (sqlite3_db_readonly(m_db.getHandle(), "main") == 1) {
      throw readOnlyError(m_file);
    }
    if (version == 0) // a new file; an existing one keeps the journal it was created with
      m_db.exec(journal == Journal::Wal ? "PRAGMA journal_mode = WAL"
                                        : "PRAGMA journal_mode = DELETE");
    if (m_db.execAndGet("PRAGMA journal_mode").getString() == "wal")
      m_db.exec("PRAGMA synchronous = NORMAL"); // WAL: a commit survives a crash of the process
    else // a task's file on a network file system: its writers wait longer for each other
      m_db.setBusyTimeout(kNetworkBusyTimeoutMs);
    m_db.exec("PRAGMA foreign_keys = ON");
    migrate(m_db, version);
    markInterruptedRuns();
  });
}

void RunDatabase::Impl::markInterruptedRuns() {
  SQLite::Statement select(m_db, "SELECT id, pid FROM runs WHERE status = 'running' AND host = ?");
  select.bind(1, hostName());
  std::vector<int64_t> gone;
  while (select.executeStep()) {
    const int64_t pid = select.getColumn(1).getInt64();
    // pid <= 0 would address a process group; such a row was not written by createRun.
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH) {
      gone.push_back(select.getColumn(0).getInt64());
    }
  }
  if (gone.empty()) {
    return;
  }
  SQLite::Transaction transaction(m_db, SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement update(m_db, "UPDATE runs SET status = 'interrupted', message = ?, "
                                 "finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
                                 "WHERE id = ? AND status = 'running'");
  for (const int64_t id : gone) {
    update.bind(1, kGoneMessage);
    update.bind(2, id);
    update.exec();
    update.reset();
  }
  transaction.commit();
}

StorageError RunDatabase::Impl::noRun(int64_t runId) const {
  return StorageError("no run " + std::to_string(runId) + " in " + m_file.string());
}

void RunDatabase::Impl::requireRun(int64_t runId) {
  SQLite::Statement select(m_db, "SELECT 1 FROM runs WHERE id = ?");
  select.bind(1, runId);
  if (!select.executeStep()) {
    throw noRun(runId);
  }
}

BatchInsert& RunDatabase::Impl::insertSteps() {
  if (!m_insertSteps) {
    m_insertSteps = std::make_unique<BatchInsert>(
        m_db,
        "INSERT INTO step_metrics (run_id, step, lr, loss, smoothed_loss, batch_accuracy, "
        "val_loss, val_accuracy, wall_s)",
        9);
  }
  return *m_insertSteps;
}

BatchInsert& RunDatabase::Impl::insertGroupLrs() {
  if (!m_insertGroupLrs) {
    m_insertGroupLrs = std::make_unique<BatchInsert>(
        m_db, "INSERT INTO step_group_lrs (run_id, step, group_index, lr)", 4);
  }
  return *m_insertGroupLrs;
}

SQLite::Statement& RunDatabase::Impl::countSteps() {
  if (!m_countSteps) {
    m_countSteps = std::make_unique<SQLite::Statement>(
        m_db, "UPDATE runs SET step_count = step_count + ? WHERE id = ?");
  }
  return *m_countSteps;
}

int64_t RunDatabase::Impl::experimentId(const std::string& name) {
  SQLite::Statement add(m_db,
                        std::string("INSERT INTO experiments (name, created_at) VALUES (?, ") +
                            kSqlNow + ") ON CONFLICT (name) DO NOTHING");
  add.bind(1, name);
  add.exec();
  SQLite::Statement find(m_db, "SELECT id FROM experiments WHERE name = ?");
  find.bind(1, name);
  find.executeStep();
  return find.getColumn(0).getInt64();
}

RunDatabase::RunDatabase(const fs::path& file, Access access, Journal journal)
    : m_impl(std::make_unique<Impl>(file, access, journal)) {}

RunDatabase::~RunDatabase() = default;

fs::path RunDatabase::defaultPath() {
  const char* dataHome = std::getenv("XDG_DATA_HOME");
  if (dataHome != nullptr && *dataHome != '\0') {
    return fs::path(dataHome) / "lrscope" / "lrscope.db";
  }
  const char* home = std::getenv("HOME");
  fs::path homePath;
  if (home != nullptr && *home != '\0') {
    homePath = home;
  } else if (const passwd* user = ::getpwuid(::getuid()); user != nullptr) {
    homePath = user->pw_dir;
  }
  return homePath / ".local" / "share" / "lrscope" / "lrscope.db";
}

std::string RunDatabase::sqliteVersion() {
  return sqlite3_libversion();
}

const fs::path& RunDatabase::path() const {
  return m_impl->m_file;
}

int64_t RunDatabase::createRun(const NewRun& run) {
  return guarded(m_impl->m_file, [&] {
    SQLite::Database& db = m_impl->m_db;
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    const int64_t experimentId =
        m_impl->experimentId(run.experiment.empty() ? "default" : run.experiment);

    SQLite::Statement insert(
        db, "INSERT INTO runs (experiment_id, kind, status, config_json, seed, dataset, model, "
            "started_at, pid, host, uid, source_file, parent_run_id) VALUES (?, ?, 'running', ?, "
            "?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?, ?, "
            "coalesce(?, lower(hex(randomblob(16)))), ?, ?)");
    insert.bind(1, experimentId);
    insert.bind(2, std::string(engine::toString(run.kind)));
    insert.bind(3, run.configJson);
    insert.bind(4, static_cast<int64_t>(run.seed)); // read back bit for bit by loadRun
    insert.bind(5, run.dataset);
    insert.bind(6, run.model);
    insert.bind(7, static_cast<int64_t>(::getpid()));
    insert.bind(8, hostName());
    if (run.uid.empty()) {
      insert.bind(9);
    } else {
      insert.bind(9, run.uid);
    }
    insert.bind(10, run.sourceFile);
    if (run.parentRunId) {
      insert.bind(11, *run.parentRunId);
    } else {
      insert.bind(11);
    }
    insert.exec();
    const int64_t id = db.getLastInsertRowid();
    transaction.commit();
    return id;
  });
}

void RunDatabase::appendSteps(int64_t runId, const std::vector<engine::StepRecord>& steps) {
  if (steps.empty()) {
    return;
  }
  guarded(m_impl->m_file, [&] {
    SQLite::Transaction transaction(m_impl->m_db, SQLite::TransactionBehavior::IMMEDIATE);
    m_impl->insertSteps().insert(steps.size(), [&](SQLite::Statement& row, int p, std::size_t i) {
      const engine::StepRecord& record = steps[i];
      row.bind(p, runId);
      row.bind(p + 1, record.step);
      bindReal(row, p + 2, record.groupLrs.empty() ? std::nan("") : record.curveLr());
      bindReal(row, p + 3, record.loss);
      bindReal(row, p + 4, record.smoothedLoss);
      bindReal(row, p + 5, record.batchAccuracy);
      bindReal(row, p + 6, record.validationLoss.value_or(std::nan("")));
      bindReal(row, p + 7, record.validationAccuracy.value_or(std::nan("")));
      bindReal(row, p + 8, record.wallSeconds);
    });
    // Per-group rows only when there are several groups: one group's lr is step_metrics.lr.
    std::vector<std::pair<std::size_t, std::size_t>> groupLrs; // (step index, group)
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (steps[i].groupLrs.size() > 1) {
        for (std::size_t group = 0; group < steps[i].groupLrs.size(); ++group) {
          groupLrs.emplace_back(i, group);
        }
      }
    }
    m_impl->insertGroupLrs().insert(groupLrs.size(),
                                    [&](SQLite::Statement& row, int p, std::size_t i) {
                                      const auto [step, group] = groupLrs[i];
                                      row.bind(p, runId);
                                      row.bind(p + 1, steps[step].step);
                                      row.bind(p + 2, static_cast<int64_t>(group));
                                      bindReal(row, p + 3, steps[step].groupLrs[group]);
                                    });
    SQLite::Statement& count = m_impl->countSteps();
    count.tryReset();
    count.bind(1, static_cast<int64_t>(steps.size()));
    count.bind(2, runId);
    count.exec();
    count.reset();
    transaction.commit();
  });
}

void RunDatabase::finishRun(int64_t runId, engine::RunStatus status, const std::string& message,
                            double durationSeconds) {
  finishRun(runId, engine::storedStatus(status), message, durationSeconds);
}

void RunDatabase::finishRun(int64_t runId, engine::StoredStatus status, const std::string& message,
                            double durationSeconds) {
  guarded(m_impl->m_file, [&] {
    SQLite::Statement update(m_impl->m_db,
                             "UPDATE runs SET status = ?, message = ?, duration_s = ?, "
                             "finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?");
    update.bind(1, std::string(engine::toString(status)));
    update.bind(2, message);
    bindReal(update, 3, durationSeconds);
    update.bind(4, runId);
    if (update.exec() == 0) {
      throw m_impl->noRun(runId);
    }
  });
}

void RunDatabase::saveClassesAndWarnings(int64_t runId, const std::vector<std::string>& classNames,
                                         const std::vector<std::string>& warnings) {
  // JSON holds UTF-8 only: other bytes are kept as "\xNN", as the data readers keep them in
  // class names.
  const auto text = [](const std::vector<std::string>& texts) {
    nlohmann::json array = nlohmann::json::array();
    for (const std::string& item : texts)
      array.push_back(engine::utf8Escaped(item));
    return array.dump();
  };
  guarded(m_impl->m_file, [&] {
    SQLite::Statement update(m_impl->m_db,
                             "UPDATE runs SET class_names = ?, warnings = ? WHERE id = ?");
    update.bind(1, text(classNames));
    update.bind(2, text(warnings));
    update.bind(3, runId);
    if (update.exec() == 0) {
      throw m_impl->noRun(runId);
    }
  });
}

void RunDatabase::saveSuggestions(int64_t runId, const std::vector<engine::Suggestion>& suggestions,
                                  const std::optional<engine::LrRange>& range) {
  guarded(m_impl->m_file, [&] {
    SQLite::Database& db = m_impl->m_db;
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    m_impl->requireRun(runId);
    SQLite::Statement clear(db, "DELETE FROM suggestions WHERE run_id = ?");
    clear.bind(1, runId);
    clear.exec();
    SQLite::Statement insert(db, "INSERT OR REPLACE INTO suggestions "
                                 "(run_id, rule, version, lr, loss, step_index) "
                                 "VALUES (?, ?, ?, ?, ?, ?)");
    for (const engine::Suggestion& suggestion : suggestions) {
      insert.bind(1, runId);
      insert.bind(2, suggestion.rule);
      insert.bind(3, suggestion.version);
      bindReal(insert, 4, suggestion.lr);
      bindReal(insert, 5, suggestion.loss);
      insert.bind(6, static_cast<int64_t>(suggestion.index));
      insert.exec();
      insert.reset();
    }
    if (range) {
      // The automatic bounds are always kept; a manual pick is the user's and stays picked.
      SQLite::Statement upsert(
          db, "INSERT INTO ranges (run_id, lower, upper, source, rule, updated_at, auto_lower, "
              "auto_upper) VALUES (?1, ?2, ?3, 'auto', ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), "
              "?2, ?3) ON CONFLICT (run_id) DO UPDATE SET "
              "auto_lower = excluded.auto_lower, auto_upper = excluded.auto_upper, "
              "rule = excluded.rule, "
              "lower = iif(ranges.source = 'manual', ranges.lower, excluded.lower), "
              "upper = iif(ranges.source = 'manual', ranges.upper, excluded.upper), "
              "updated_at = iif(ranges.source = 'manual', ranges.updated_at, excluded.updated_at)");
      upsert.bind(1, runId);
      upsert.bind(2, range->lower);
      upsert.bind(3, range->upper);
      upsert.bind(4, range->rule + " v" + std::to_string(range->version));
      upsert.exec();
    } else {
      // The rules found no range now: an automatic one from earlier would be stale.
      SQLite::Statement drop(db, "DELETE FROM ranges WHERE run_id = ? AND source = 'auto'");
      drop.bind(1, runId);
      drop.exec();
      SQLite::Statement forget(db, "UPDATE ranges SET auto_lower = NULL, auto_upper = NULL, "
                                   "rule = '' WHERE run_id = ?");
      forget.bind(1, runId);
      forget.exec();
    }
    transaction.commit();
  });
}

void RunDatabase::deleteRun(int64_t runId) {
  guarded(m_impl->m_file, [&] {
    SQLite::Statement remove(m_impl->m_db, "DELETE FROM runs WHERE id = ?"); // cascades
    remove.bind(1, runId);
    if (remove.exec() == 0) {
      throw m_impl->noRun(runId);
    }
  });
}

} // namespace lrscope::storage
