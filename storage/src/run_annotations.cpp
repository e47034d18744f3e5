// What the user adds to runs after the fact: notes, tags, the picked range, events, and the
// experiments that group runs.
#include "run_database_impl.h"

#include "lrscope/engine/number_text.h"
#include "sqlite_errors.h"

#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <set>

namespace lrscope::storage {
namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string experimentName(const std::string& given) {
  std::string name = trimmed(given);
  if (name.empty()) {
    throw StorageError("an experiment needs a name");
  }
  return name;
}

} // namespace

std::optional<StoredRange> RunDatabase::Impl::storedRange(int64_t runId) {
  SQLite::Statement range(m_db, "SELECT lower, upper, source, rule, updated_at, auto_lower, "
                                "auto_upper FROM ranges WHERE run_id = ?");
  range.bind(1, runId);
  if (!range.executeStep()) {
    return std::nullopt;
  }
  StoredRange stored{range.getColumn(0).getDouble(), range.getColumn(1).getDouble(),
                     range.getColumn(2).getString(), range.getColumn(3).getString(),
                     range.getColumn(4).getString(), std::nullopt};
  if (!range.getColumn(5).isNull() && !range.getColumn(6).isNull()) {
    stored.automatic = RangeBounds{range.getColumn(5).getDouble(), range.getColumn(6).getDouble()};
  }
  return stored;
}

void RunDatabase::setNotes(int64_t runId, const std::string& notes) {
  guarded(m_impl->m_file, [&] {
    SQLite::Statement update(m_impl->m_db, "UPDATE runs SET notes = ? WHERE id = ?");
    update.bind(1, notes);
    update.bind(2, runId);
    if (update.exec() == 0) {
      throw m_impl->noRun(runId);
    }
  });
}

void RunDatabase::setTags(int64_t runId, const std::vector<std::string>& tags) {
  std::set<std::string> names;
  for (const std::string& tag : tags) {
    if (std::string name = trimmed(tag); !name.empty()) {
      names.insert(std::move(name));
    }
  }
  guarded(m_impl->m_file, [&] {
    SQLite::Database& db = m_impl->m_db;
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    m_impl->requireRun(runId);
    SQLite::Statement clear(db, "DELETE FROM run_tags WHERE run_id = ?");
    clear.bind(1, runId);
    clear.exec();
    SQLite::Statement addTag(db,
                             "INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING");
    SQLite::Statement link(db, "INSERT INTO run_tags (run_id, tag_id) "
                               "SELECT ?, id FROM tags WHERE name = ?");
    for (const std::string& name : names) {
      addTag.bind(1, name);
      addTag.exec();
      addTag.reset();
      link.bind(1, runId);
      link.bind(2, name);
      link.exec();
      link.reset();
    }
    db.exec("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM run_tags)");
    transaction.commit();
  });
}

void RunDatabase::setManualRange(int64_t runId, double lower, double upper) {
  if (!std::isfinite(lower) || !std::isfinite(upper) || lower <= 0.0 || upper <= lower) {
    throw StorageError("a range needs 0 < lower < upper, got " + engine::numberText(lower) +
                       " .. " + engine::numberText(upper));
  }
  guarded(m_impl->m_file, [&] {
    SQLite::Database& db = m_impl->m_db;
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    m_impl->requireRun(runId);
    SQLite::Statement upsert(
        db, std::string("INSERT INTO ranges (run_id, lower, upper, source, updated_at) "
                        "VALUES (?, ?, ?, 'manual', ") +
                kSqlNow +
                ") ON CONFLICT (run_id) DO UPDATE SET lower = excluded.lower, "
                "upper = excluded.upper, source = 'manual', updated_at = excluded.updated_at");
    upsert.bind(1, runId);
    upsert.bind(2, lower);
    upsert.bind(3, upper);
    upsert.exec();
    transaction.commit();
  });
}

std::optional<StoredRange> RunDatabase::resetRangeToAuto(int64_t runId) {
  return guarded(m_impl->m_file, [&] {
    SQLite::Database& db = m_impl->m_db;
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    m_impl->requireRun(runId);
    SQLite::Statement restore(db,
                              std::string("UPDATE ranges SET lower = auto_lower, "
                                          "upper = auto_upper, source = 'auto', updated_at = ") +
                                  kSqlNow + " WHERE run_id = ? AND auto_lower IS NOT NULL");
    restore.bind(1, runId);
    if (restore.exec() == 0) {
      // No automatic range was ever found (or the run predates keeping it): no range.
      SQLite::Statement drop(db, "DELETE FROM ranges WHERE run_id = ?");
      drop.bind(1, runId);
      drop.exec();
    }
    std::optional<StoredRange> range = m_impl->storedRange(runId);
    transaction.commit();
    return range;
  });
}

void RunDatabase::addEvent(int64_t runId, int64_t step, const std::string& kind,
                           const std::string& payloadJson) {
  guarded(m_impl->m_file, [&] {
    SQLite::Database& db = m_impl->m_db;
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    m_impl->requireRun(runId);
    SQLite::Statement insert(db, std::string("INSERT INTO events (run_id, step, kind, "
                                             "payload_json, created_at) VALUES (?, ?, ?, ?, ") +
                                     kSqlNow + ")");
    insert.bind(1, runId);
    insert.bind(2, step);
    insert.bind(3, kind);
    insert.bind(4, payloadJson.empty() ? std::string("{}") : payloadJson);
    insert.exec();
    transaction.commit();
  });
}

int64_t RunDatabase::createExperiment(const std::string& name) {
  const std::string checked = experimentName(name);
  return guarded(m_impl->m_file, [&] {
    SQLite::Transaction transaction(m_impl->m_db, SQLite::TransactionBehavior::IMMEDIATE);
    const int64_t id = m_impl->experimentId(checked);
    transaction.commit();
    return id;
  });
}

void RunDatabase::renameExperiment(int64_t experimentId, const std::string& newName) {
  const std::string checked = experimentName(newName);
  guarded(m_impl->m_file, [&] {
    SQLite::Database& db = m_impl->m_db;
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement taken(db, "SELECT 1 FROM experiments WHERE name = ? AND id <> ?");
    taken.bind(1, checked);
    taken.bind(2, experimentId);
    if (taken.executeStep()) {
      throw StorageError("an experiment named '" + checked + "' exists; choose another name");
    }
    SQLite::Statement rename(db, "UPDATE experiments SET name = ? WHERE id = ?");
    rename.bind(1, checked);
    rename.bind(2, experimentId);
    if (rename.exec() == 0) {
      throw StorageError("no experiment " + std::to_string(experimentId) + " in " +
                         m_impl->m_file.string());
    }
    transaction.commit();
  });
}

void RunDatabase::deleteExperiment(int64_t experimentId) {
  guarded(m_impl->m_file, [&] {
    SQLite::Statement remove(m_impl->m_db, "DELETE FROM experiments WHERE id = ?"); // cascades
    remove.bind(1, experimentId);
    if (remove.exec() == 0) {
      throw StorageError("no experiment " + std::to_string(experimentId) + " in " +
                         m_impl->m_file.string());
    }
  });
}

void RunDatabase::moveRun(int64_t runId, const std::string& experiment) {
  const std::string checked = experimentName(experiment);
  guarded(m_impl->m_file, [&] {
    SQLite::Database& db = m_impl->m_db;
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    m_impl->requireRun(runId);
    SQLite::Statement move(db, "UPDATE runs SET experiment_id = ? WHERE id = ?");
    move.bind(1, m_impl->experimentId(checked));
    move.bind(2, runId);
    move.exec();
    transaction.commit();
  });
}

} // namespace lrscope::storage
