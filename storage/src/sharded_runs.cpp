#include "lrscope/storage/sharded_runs.h"

#include "lrscope/engine/find_config.h"
#include "lrscope/engine/repeated_range_test.h"
#include "lrscope/engine/stored_status.h"
#include "lrscope/storage/repeated_range_test_summary.h"
#include "lrscope/storage/stored_audit.h"
#include "lrscope/storage/stored_repeated_range_test.h"

#include "read_only_open.h"
#include "run_database_impl.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>
#include <regex>
#include <set>

namespace lrscope::storage {
namespace {

constexpr const char* kUidPrefix = "sharded-";

/// FNV-1a, 64 bits: a stable fingerprint of the text (the same on every machine and build).
uint64_t fingerprint(const std::string& text) {
  uint64_t hash = 14695981039346656037ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

/// The shard events of the parent, by shard index (the first of each index counts).
std::vector<nlohmann::json> shardPayloads(const RunDatabase& database, int64_t parentRunId) {
  std::vector<nlohmann::json> payloads;
  std::set<int> seen;
  for (nlohmann::json& payload : eventPayloads(database, parentRunId, kShardEvent)) {
    if (!payload.contains("shard") || !payload["shard"].is_number_integer())
      continue;
    if (seen.insert(payload["shard"].get<int>()).second)
      payloads.push_back(std::move(payload));
  }
  return payloads;
}

/// The whole repeated range test from its stored repeats, as runRepeatedRangeTestJob reports it.
engine::RepeatedRangeTestReport storedRepeatedReport(const RunDatabase& database,
                                                     int64_t parentRunId) {
  const RepeatedRangeTestSummary stored = loadRepeatedRangeTest(database, parentRunId);
  engine::RepeatedRangeTestReport report;
  report.config = engine::findConfigFromJson(nlohmann::json::parse(stored.run.configJson));
  for (const RunCurve& repeat : stored.repeats) {
    engine::FindReport r;
    r.config = report.config;
    r.config.rangeTest.seed = repeat.details.seed;
    r.result.status = engine::runStatusOf(repeat.details.summary.status);
    r.result.message = repeat.details.message;
    report.repeats.push_back(std::move(r));
  }
  report.summary = stored.summary;
  return report;
}

/// "shards 1/4 and 3/4", "shard 2/4".
std::string shardList(const std::vector<int>& shards, int count) {
  std::string out = shards.size() == 1 ? "shard " : "shards ";
  for (std::size_t i = 0; i < shards.size(); ++i) {
    if (i > 0)
      out += i + 1 == shards.size() ? " and " : ", ";
    out += engine::toString(engine::Shard{shards[i], count});
  }
  return out;
}

} // namespace

std::vector<nlohmann::json> eventPayloads(const RunDatabase& database, int64_t runId,
                                          const std::string& kind) {
  std::vector<nlohmann::json> out;
  for (const RunEvent& event : database.loadEvents(runId)) {
    if (event.kind != kind)
      continue;
    nlohmann::json payload = nlohmann::json::parse(event.payloadJson, nullptr, false);
    if (payload.is_object())
      out.push_back(std::move(payload));
  }
  return out;
}

std::string shardedParentUid(engine::RunKind kind, const std::string& configJson,
                             const std::string& experiment, int shards,
                             const std::filesystem::path& mergedDatabase) {
  const std::string key =
      std::string(engine::toString(kind)) + '\n' + configJson + '\n' + experiment + '\n' +
      std::to_string(shards) + '\n' +
      std::filesystem::weakly_canonical(std::filesystem::absolute(mergedDatabase)).string();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fingerprint(key)));
  return kUidPrefix + std::to_string(shards) + "-" + hex;
}

bool isShardedParentUid(const std::string& uid) {
  return uid.rfind(kUidPrefix, 0) == 0;
}

std::filesystem::path besideDatabase(const std::filesystem::path& database,
                                     const std::string& infix) {
  std::filesystem::path file = database;
  const std::string extension = database.has_extension() ? database.extension().string() : ".db";
  file.replace_filename(database.stem().string() + "." + infix + extension);
  return file;
}

std::filesystem::path shardDatabasePath(const std::filesystem::path& mergedDatabase,
                                        engine::Shard shard) {
  return besideDatabase(mergedDatabase, "shard-" + std::to_string(shard.index) + "-of-" +
                                            std::to_string(shard.count));
}

void recordShardEnd(RunDatabase& database, int64_t parentRunId, const ShardPart& part,
                    engine::RunStatus status, double seconds) {
  const nlohmann::json payload = {{"shard", part.shard.index},
                                  {"of", part.shard.count},
                                  {"units", part.units},
                                  {"total_units", part.totalUnits},
                                  {"status", engine::toString(status)},
                                  {"seconds", seconds}};
  database.addEvent(parentRunId, 0, kShardEvent, payload.dump());
}

void endShard(RunDatabase& database, int64_t parentRunId, const ShardPart& part,
              engine::RunStatus status, double seconds, const std::string& unit) {
  if (status == engine::RunStatus::Cancelled) {
    database.finishRun(parentRunId, status,
                       "shard " + engine::toString(part.shard) + " stopped before its " + unit +
                           "s ended; rerun it",
                       seconds);
    return;
  }
  recordShardEnd(database, parentRunId, part, status, seconds);
  (void)reassembleShardedParent(database, parentRunId);
}

bool shardEnded(const RunDatabase& database, int64_t parentRunId, int index) {
  for (const nlohmann::json& payload : shardPayloads(database, parentRunId))
    if (payload["shard"].get<int>() == index)
      return true;
  return false;
}

std::vector<ShardedRunInFile> shardedParentsIn(const RunDatabase& database) {
  std::vector<ShardedRunInFile> out;
  for (const auto& [id, uid] : database.findRunsByUidPrefix(kUidPrefix)) {
    if (database.loadRun(id).parentRunId)
      continue; // a repeat or candidate of one: its uid follows from its parent's
    ShardedRunInFile run{id, uid, {}};
    for (const nlohmann::json& payload : shardPayloads(database, id))
      run.endedShards.push_back(payload["shard"].get<int>());
    out.push_back(std::move(run));
  }
  return out;
}

ShardedParent reassembleShardedParent(RunDatabase& database, int64_t parentRunId) {
  const RunDetails parent = database.loadRun(parentRunId);
  ShardedParent out;
  out.runId = parentRunId;
  out.kind = parent.summary.kind;
  out.status = parent.summary.status;
  out.message = parent.message;
  if (out.kind != engine::RunKind::RepeatedRangeTest && out.kind != engine::RunKind::Audit)
    return out; // a sweep raced over a cluster: its promote step decides
  std::set<int> present;
  double seconds = 0.0;
  for (const nlohmann::json& payload : shardPayloads(database, parentRunId)) {
    present.insert(payload["shard"].get<int>());
    out.shards = std::max(out.shards, payload.value("of", 0));
    seconds += payload.value("seconds", 0.0);
  }
  for (int shard = 0; shard < out.shards; ++shard)
    if (present.count(shard) == 0)
      out.missing.push_back(shard);
  if (!out.missing.empty()) {
    out.status = engine::StoredStatus::Interrupted;
    out.message = "incomplete: " + std::to_string(present.size()) + " of " +
                  std::to_string(out.shards) + " shards merged; " +
                  shardList(out.missing, out.shards) +
                  " not merged yet (lrscope merge their files, or rerun them, to complete it)";
  } else if (out.kind == engine::RunKind::Audit) {
    const ShardedAuditEnd end = finishShardedAudit(database, parentRunId, seconds);
    out.status = end.status;
    out.message = end.message;
    return out;
  } else {
    const engine::RepeatedRangeTestReport report = storedRepeatedReport(database, parentRunId);
    out.status = engine::storedStatus(engine::overallStatus(report));
    out.message = engine::repeatedRangeTestMessage(report);
    if (parent.summary.status != out.status || parent.message != out.message) // once
      saveRepeatedRangeTestEnd(database, parentRunId, report, seconds);
    return out;
  }
  if (parent.summary.status != out.status || parent.message != out.message)
    database.finishRun(parentRunId, out.status, out.message, seconds);
  return out;
}

std::string describeShardedParent(const ShardedParent& parent) {
  std::string out = "run " + std::to_string(parent.runId) + " (" +
                    std::string(engine::toString(parent.kind)) + "): ";
  const auto merged = static_cast<int>(parent.shards - static_cast<int>(parent.missing.size()));
  out += std::to_string(merged) + " of " + std::to_string(parent.shards) + " shards";
  if (parent.missing.empty())
    return out + ", " + std::string(engine::toString(parent.status)) + ": " + parent.message;
  return out + "; " + shardList(parent.missing, parent.shards) +
         " missing (merge their files when their tasks end, or rerun them)";
}

std::optional<std::string> shardOfAnotherRun(const std::vector<std::filesystem::path>& files) {
  // The job a file's name says it is a shard of: runs.rung-2.shard-1-of-4.db gives
  // "runs.rung-2.shard-*-of-4.db" (beside its folder).
  static const std::regex shardName(R"((.*)\.shard-[0-9]+-of-([0-9]+)(\.[^.]*)?)");
  struct First {
    std::filesystem::path file;
    std::string uid;
  };
  std::map<std::string, First> firstOfJob;
  for (const std::filesystem::path& file : files) {
    std::smatch name;
    const std::string filename = file.filename().string();
    if (!std::regex_match(filename, name, shardName))
      continue;
    std::vector<std::string> parents; // read as it is: no migration, no run marked interrupted
    try {
      SQLite::Database db = openReadOnly(file, kBusyTimeoutMs);
      SQLite::Statement select(db, "SELECT uid FROM runs WHERE parent_run_id IS NULL AND "
                                   "substr(uid, 1, length(?1)) = ?1");
      select.bind(1, kUidPrefix);
      while (select.executeStep())
        parents.push_back(select.getColumn(0).getString());
    } catch (const std::exception&) {
      continue; // the merge names it
    }
    if (parents.size() != 1)
      continue;
    // Absolute: one folder named two ways (runs.db, ./runs.db, /home/me/runs.db) is one job's.
    const std::string job = (std::filesystem::absolute(file).parent_path() /
                             (name[1].str() + ".shard-*-of-" + name[2].str() + name[3].str()))
                                .lexically_normal()
                                .string();
    const auto [first, isFirst] = firstOfJob.try_emplace(job, First{file, parents.front()});
    if (!isFirst && first->second.uid != parents.front())
      return file.string() + " holds a shard of another run than " + first->second.file.string() +
             " (another command, config or --db): nothing merged; merge each run's shards into a "
             "database of their own, or rerun that shard with the others' command";
  }
  return std::nullopt;
}

} // namespace lrscope::storage
