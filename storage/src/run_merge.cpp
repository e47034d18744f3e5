// RunDatabase::mergeFrom: bringing the runs of another LR Scope database into this one.
#include "run_database_impl.h"

#include "read_only_open.h"
#include "schema.h"
#include "sqlite_errors.h"

#include "lrscope/storage/sharded_runs.h"

#include <SQLiteCpp/Transaction.h>

#include <random>
#include <system_error>
#include <unordered_map>
#include <unordered_set>

namespace lrscope::storage {
namespace {

namespace fs = std::filesystem;

/// A file in the temporary folder, removed (with its WAL companions) when this goes away.
class TemporaryDatabaseFile {
public:
  TemporaryDatabaseFile() {
    std::random_device random;
    m_path = fs::temp_directory_path() /
             ("lrscope-merge-" + std::to_string(random()) + std::to_string(random()) + ".db");
  }
  ~TemporaryDatabaseFile() {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      fs::remove(m_path.string() + suffix, ignored);
    }
  }
  TemporaryDatabaseFile(const TemporaryDatabaseFile&) = delete;
  TemporaryDatabaseFile& operator=(const TemporaryDatabaseFile&) = delete;

  [[nodiscard]] const fs::path& path() const { return m_path; }

private:
  fs::path m_path;
};

/// Attaches a database file as schema "source" for as long as this lives.
class AttachedSource {
public:
  AttachedSource(SQLite::Database& db, const fs::path& file) : m_db(db) {
    SQLite::Statement attach(db, "ATTACH DATABASE ? AS source");
    attach.bind(1, file.string());
    attach.exec();
  }
  ~AttachedSource() {
    try {
      m_db.exec("DETACH DATABASE source");
    } catch (const SQLite::Exception&) {
      // Detaching only fails inside an open transaction, which the caller has ended.
    }
  }
  AttachedSource(const AttachedSource&) = delete;
  AttachedSource& operator=(const AttachedSource&) = delete;

private:
  SQLite::Database& m_db;
};

/// The other file as a consistent snapshot at this build's schema, in a temporary file: the
/// other file itself is only read.
void snapshotAtCurrentSchema(const fs::path& other, const fs::path& copy) {
  guarded(other, [&] {
    SQLite::Database source = openReadOnly(other, kBusyTimeoutMs);
    if (checkedSchemaVersion(source, other) == 0) {
      throw StorageError(other.string() + ": an empty file, not an LR Scope database");
    }
    SQLite::Statement vacuum(source, "VACUUM INTO ?");
    vacuum.bind(1, copy.string());
    vacuum.exec();
  });
  const RunDatabase upgraded(copy); // migrates the copy; runs of dead processes -> interrupted
}

/// The child tables of a run, each copied with run_id replaced: "columns after run_id".
constexpr std::pair<const char*, const char*> kRunTables[] = {
    {"step_metrics", "step, lr, loss, smoothed_loss, batch_accuracy, val_loss, val_accuracy, "
                     "wall_s"},
    {"step_group_lrs", "step, group_index, lr"},
    {"epoch_metrics",
     "epoch, train_loss, train_accuracy, val_loss, val_accuracy, lr, wall_s, test_loss, "
     "test_accuracy"},
    {"events", "step, kind, payload_json, created_at"},
    {"suggestions", "rule, version, lr, loss, step_index"},
    {"ranges", "lower, upper, source, rule, updated_at, auto_lower, auto_upper"},
};

/// Copies one run and everything recorded for it; returns its new id. parentId is the new id
/// of its sweep (0 for none).
int64_t copyRun(SQLite::Database& db, int64_t sourceId, int64_t experimentId, int64_t parentId) {
  SQLite::Statement run(
      db, "INSERT INTO main.runs (experiment_id, kind, status, config_json, seed, dataset, model, "
          "started_at, finished_at, duration_s, message, notes, pid, host, uid, source_file, "
          "step_count, checkpoint_path, class_names, warnings, parent_run_id) SELECT ?, kind, "
          "status, config_json, seed, dataset, model, started_at, finished_at, duration_s, "
          "message, notes, pid, host, uid, source_file, step_count, checkpoint_path, "
          "class_names, warnings, ? FROM source.runs WHERE id = ?");
  run.bind(1, experimentId);
  if (parentId > 0) {
    run.bind(2, parentId);
  } else {
    run.bind(2);
  }
  run.bind(3, sourceId);
  run.exec();
  const int64_t newId = db.getLastInsertRowid();
  for (const auto& [table, columns] : kRunTables) {
    SQLite::Statement copy(db, std::string("INSERT INTO main.") + table + " (run_id, " + columns +
                                   ") SELECT ?, " + columns + " FROM source." + table +
                                   " WHERE run_id = ?");
    copy.bind(1, newId);
    copy.bind(2, sourceId);
    copy.exec();
  }
  SQLite::Statement tags(db, "INSERT INTO main.tags (name) SELECT t.name FROM source.run_tags rt "
                             "JOIN source.tags t ON t.id = rt.tag_id WHERE rt.run_id = ? "
                             "ON CONFLICT (name) DO NOTHING");
  tags.bind(1, sourceId);
  tags.exec();
  SQLite::Statement links(db, "INSERT INTO main.run_tags (run_id, tag_id) SELECT ?, m.id "
                              "FROM source.run_tags rt JOIN source.tags t ON t.id = rt.tag_id "
                              "JOIN main.tags m ON m.name = t.name WHERE rt.run_id = ?");
  links.bind(1, newId);
  links.bind(2, sourceId);
  links.exec();
  return newId;
}

/// Adds to a sharded run merged before what this file holds and it lacks: the steps, epochs,
/// suggestions and range it has not got (a sweep candidate's next rung), and the events it has
/// not got (a shard's end counts once per shard and rung, whatever the file).
void extendRun(SQLite::Database& db, int64_t sourceId, int64_t hereId) {
  for (const auto& [table, columns] : kRunTables) {
    if (std::string(table) == "events")
      continue;
    SQLite::Statement copy(db, std::string("INSERT OR IGNORE INTO main.") + table + " (run_id, " +
                                   columns + ") SELECT ?, " + columns + " FROM source." + table +
                                   " WHERE run_id = ?");
    copy.bind(1, hereId);
    copy.bind(2, sourceId);
    copy.exec();
  }
  SQLite::Statement events(
      db, "INSERT INTO main.events (run_id, step, kind, payload_json, created_at) "
          "SELECT ?1, s.step, s.kind, s.payload_json, s.created_at FROM source.events s "
          "WHERE s.run_id = ?2 AND NOT EXISTS (SELECT 1 FROM main.events m WHERE m.run_id = ?1 "
          "AND m.kind = s.kind AND CASE WHEN s.kind = ?3 THEN "
          "json_extract(m.payload_json, '$.shard') IS json_extract(s.payload_json, '$.shard') AND "
          "json_extract(m.payload_json, '$.rung') IS json_extract(s.payload_json, '$.rung') "
          "ELSE m.step IS s.step AND m.payload_json = s.payload_json END) ORDER BY s.id");
  events.bind(1, hereId);
  events.bind(2, sourceId);
  events.bind(3, kShardEvent);
  events.exec();
  SQLite::Statement count(db, "UPDATE main.runs SET step_count = (SELECT count(*) FROM "
                              "main.step_metrics WHERE run_id = ?1) WHERE id = ?1");
  count.bind(1, hereId);
  count.exec();
}

} // namespace

MergeResult RunDatabase::mergeFrom(const fs::path& other) {
  std::error_code error;
  if (!fs::is_regular_file(other, error)) {
    throw StorageError(other.string() + ": no such database file; check the path");
  }
  if (fs::equivalent(other, m_impl->m_file, error)) {
    throw StorageError(other.string() + ": is this database itself; name another one");
  }
  const TemporaryDatabaseFile copy;
  snapshotAtCurrentSchema(other, copy.path());

  return guarded(m_impl->m_file, [&] {
    SQLite::Database& db = m_impl->m_db;
    const AttachedSource source(db, copy.path());
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    // Experiments come over by name, empty ones too.
    db.exec("INSERT INTO main.experiments (name, created_at) SELECT name, created_at "
            "FROM source.experiments WHERE true ON CONFLICT (name) DO NOTHING");
    // In id order, a parent comes before the runs that belong to it.
    SQLite::Statement runs(db, "SELECT r.id, r.status, e.name, coalesce(r.parent_run_id, 0), "
                               "(SELECT m.id FROM main.runs m WHERE m.uid = r.uid), r.uid, "
                               "EXISTS (SELECT 1 FROM source.events v WHERE v.run_id = r.id "
                               "AND v.kind = ?), r.message "
                               "FROM source.runs r JOIN source.experiments e "
                               "ON e.id = r.experiment_id ORDER BY r.id");
    runs.bind(1, kShardEvent);
    struct Pending {
      int64_t id;
      std::string experiment;
      int64_t parent;
    };
    MergeResult result;
    std::vector<Pending> toCopy;
    std::unordered_map<int64_t, int64_t> newIds; // source id -> id here
    std::unordered_set<int64_t> skipped;         // source ids left behind, with their children
    std::vector<int64_t> shardedHere;            // sharded parents here this merge adds to
    std::vector<std::pair<int64_t, int64_t>> shardsToAdd; // (sharded run there, here or 0)
    while (runs.executeStep()) {
      const int64_t id = runs.getColumn(0).getInt64();
      const int64_t parent = runs.getColumn(3).getInt64();
      const std::string uid = runs.getColumn(5).getString();
      const bool sharded = isShardedParentUid(uid); // a sharded parent, or a run of one
      if (parent != 0 && skipped.count(parent) > 0) {
        skipped.insert(id); // its parent is not merged: neither is it
      } else if (sharded && parent == 0 && runs.getColumn(6).getInt() == 0) {
        skipped.insert(id);
        result.unfinishedShards.push_back(
            "run " + std::to_string(id) + " of " + other.string() +
            " is a shard that did not finish (" + runs.getColumn(1).getString() + ": " +
            runs.getColumn(7).getString() + "); rerun its task, then merge its file again");
      } else if (!runs.getColumn(4).isNull()) {
        newIds[id] = runs.getColumn(4).getInt64();
        ++result.alreadyPresent;
        if (sharded) {
          shardsToAdd.emplace_back(id, newIds[id]);
          if (parent == 0)
            shardedHere.push_back(newIds[id]);
        }
      } else if (engine::storedStatusFromText(runs.getColumn(1).getString()) ==
                 engine::StoredStatus::Running) {
        skipped.insert(id);
        ++result.stillRunning;
      } else {
        toCopy.push_back({id, runs.getColumn(2).getString(), parent});
        if (sharded && parent == 0)
          shardsToAdd.emplace_back(id, 0); // copied with its events below
      }
    }
    runs.reset();
    for (const Pending& run : toCopy) {
      const auto parent = newIds.find(run.parent);
      newIds[run.id] = copyRun(db, run.id, m_impl->experimentId(run.experiment),
                               parent == newIds.end() ? 0 : parent->second);
      ++result.copied;
    }
    for (const auto& [sourceId, hereId] : shardsToAdd) {
      if (hereId == 0)
        shardedHere.push_back(newIds[sourceId]);
      else
        extendRun(db, sourceId, hereId);
    }
    transaction.commit();
    for (const int64_t parent : shardedHere) {
      ShardedParent reassembled = reassembleShardedParent(*this, parent);
      if (reassembled.kind != engine::RunKind::Sweep) // a sweep's promote step reports it
        result.sharded.push_back(std::move(reassembled));
    }
    return result;
  });
}

} // namespace lrscope::storage
