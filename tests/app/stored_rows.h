#pragma once

// What a repeated range test stored, as text to compare two databases by: the sharded, merged
// run against the local one.
#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <string>

namespace lrscope::cli::test {

/// One text per query result row, joined: what the two databases must share exactly.
inline std::string rowsOf(const std::filesystem::path& db, const std::string& sql) {
  SQLite::Database database(db.string(), SQLite::OPEN_READONLY);
  SQLite::Statement query(database, sql);
  std::string out;
  while (query.executeStep())
    out += query.getColumn(0).getString() + "\n";
  return out;
}

/// Every repeat's curve, suggestions and range, by seed, numbers in full precision.
inline std::string repeatsOf(const std::filesystem::path& db) {
  return rowsOf(db, "SELECT r.seed || ' ' || r.status || ' ' || r.config_json || ' ' || "
                    "(SELECT group_concat(x, ';') FROM (SELECT s.step || ':' || "
                    "printf('%.17g', s.lr) || ':' || printf('%.17g', s.loss) || ':' || "
                    "printf('%.17g', s.smoothed_loss) AS x FROM step_metrics s WHERE "
                    "s.run_id = r.id ORDER BY s.step)) || ' ' || (SELECT group_concat(y, ';') "
                    "FROM (SELECT g.rule || '=' || printf('%.17g', g.lr) AS y FROM suggestions g "
                    "WHERE g.run_id = r.id ORDER BY g.rule)) || ' ' || coalesce((SELECT "
                    "printf('%.17g..%.17g', lower, upper) FROM ranges WHERE run_id = r.id), '-') "
                    "FROM runs r WHERE r.kind = 'range_test' ORDER BY r.seed");
}

/// The parent's status, message, config and range.
inline std::string parentOf(const std::filesystem::path& db) {
  return rowsOf(db, "SELECT r.status || ' | ' || r.message || ' | ' || r.config_json || ' | ' || "
                    "coalesce((SELECT printf('%.17g..%.17g', lower, upper) || ' ' || rule FROM "
                    "ranges WHERE run_id = r.id), '-') FROM runs r WHERE r.kind = "
                    "'repeated_range_test'");
}

/// A sweep's run and every candidate's, by LR: status, message, config, steps and epochs (numbers
/// in full precision, wall times left out) and events (their creation times left out).
inline std::string sweepOf(const std::filesystem::path& db) {
  return rowsOf(db, "SELECT r.kind || ' ' || r.status || ' | ' || r.message || ' | ' || "
                    "r.config_json FROM runs r WHERE r.kind = 'sweep'") +
         rowsOf(db, "SELECT r.status || ' | ' || r.message || ' | ' || r.config_json || ' | ' || "
                    "coalesce((SELECT group_concat(x, ';') FROM (SELECT s.step || ':' || "
                    "printf('%.17g', s.lr) || ':' || printf('%.17g', s.loss) || ':' || "
                    "coalesce(printf('%.17g', s.batch_accuracy), '-') AS x FROM step_metrics s "
                    "WHERE s.run_id = r.id ORDER BY s.step)), '') || ' | ' || "
                    "coalesce((SELECT group_concat(y, ';') FROM (SELECT e.epoch || ':' || "
                    "printf('%.17g', e.train_loss) || ':' || printf('%.17g', e.val_loss) || ':' || "
                    "printf('%.17g', e.val_accuracy) AS y FROM epoch_metrics e WHERE e.run_id = "
                    "r.id ORDER BY e.epoch)), '') || ' | ' || coalesce((SELECT group_concat(z, "
                    "';') FROM (SELECT v.step || ' ' || v.kind || ' ' || v.payload_json AS z FROM "
                    "events v WHERE v.run_id = r.id ORDER BY v.id)), '') FROM runs r WHERE "
                    "r.parent_run_id IS NOT NULL ORDER BY json_extract(r.config_json, "
                    "'$.schedule.max_lr')");
}

/// An audit's run (status and config; its message tells the time too) and every child's, by
/// seed, kind and peak LR: status, config, steps, epochs and range (numbers in full precision,
/// wall times left out).
inline std::string auditOf(const std::filesystem::path& db) {
  return rowsOf(db,
                "SELECT r.status || ' | ' || r.config_json FROM runs r WHERE r.kind = 'audit'") +
         rowsOf(db, "SELECT r.seed || ' ' || r.kind || ' ' || r.status || ' | ' || r.config_json "
                    "|| ' | ' || coalesce((SELECT group_concat(x, ';') FROM (SELECT s.step || ':' "
                    "|| printf('%.17g', s.lr) || ':' || printf('%.17g', s.loss) AS x FROM "
                    "step_metrics s WHERE s.run_id = r.id ORDER BY s.step)), '') || ' | ' || "
                    "coalesce((SELECT group_concat(y, ';') FROM (SELECT e.epoch || ':' || "
                    "printf('%.17g', e.train_loss) || ':' || printf('%.17g', e.test_loss) || ':' "
                    "|| printf('%.17g', e.test_accuracy) AS y FROM epoch_metrics e WHERE "
                    "e.run_id = r.id ORDER BY e.epoch)), '') || ' | ' || coalesce((SELECT "
                    "printf('%.17g..%.17g', lower, upper) FROM ranges WHERE run_id = r.id), '-') "
                    "FROM runs r WHERE r.parent_run_id IS NOT NULL ORDER BY r.seed, r.kind, "
                    "json_extract(r.config_json, '$.schedule.max_lr')");
}

} // namespace lrscope::cli::test
