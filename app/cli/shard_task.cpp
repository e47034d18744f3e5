#include "cli/shard_task.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/stored_status.h"
#include "lrscope/storage/run_database.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <optional>

namespace lrscope::cli {

ShardTask shardTaskOf(engine::Shard shard, engine::RunKind kind, const std::string& configJson,
                      int units, const OutputOptions& output) {
  if (output.noStore)
    throw engine::InputError("--shard stores its share in a database file of its own for "
                             "lrscope merge; leave out --no-store");
  ShardTask task;
  task.merged = databasePath(output.database);
  task.file = storage::shardDatabasePath(task.merged, shard);
  task.part.shard = shard;
  task.part.totalUnits = units;
  task.part.units = engine::shardUnits(shard, units);
  task.part.parentUid =
      storage::shardedParentUid(kind, configJson, output.experiment, shard.count, task.merged);
  return task;
}

bool shardAlreadyEnded(const ShardTask& task, const OutputOptions& output) {
  if (!std::filesystem::exists(task.file))
    return false;
  const std::string shard = engine::toString(task.part.shard);
  storage::RunDatabase database(task.file, storage::RunDatabase::Access::ReadWrite,
                                storage::RunDatabase::Journal::Rollback);
  const std::optional<int64_t> parent = database.findRunByUid(task.part.parentUid);
  if (!parent)
    return false;
  if (!storage::shardEnded(database, *parent, task.part.shard.index)) {
    if (database.loadRun(*parent).summary.status == engine::StoredStatus::Running)
      throw engine::InputError(task.file.string() + ": shard " + shard +
                               " is running there (another task, or one on another machine); "
                               "wait for it to end, or remove the file if its task is gone");
    if (output.printsProgress())
      std::cerr << "shard " << shard << ": run " << *parent << " in " << task.file.string()
                << " did not end; running the shard again in its place\n";
    database.deleteRun(*parent);
    return false;
  }
  if (output.json)
    std::cout << nlohmann::json{{"shard", shard},
                                {"already_ended", true},
                                {"run_id", *parent},
                                {"db", task.file.string()}}
                     .dump(2)
              << "\n";
  else
    std::cout << "shard " << shard << " already ran: run " << *parent << " in "
              << task.file.string() << " (nothing to do; merge it with lrscope merge)\n";
  return true;
}

std::string shardMergeCommand(const ShardTask& task) {
  return "lrscope merge --db " + task.merged.string() + " " +
         storage::shardDatabasePath(task.merged, {0, task.part.shard.count}).string() + " ...";
}

std::string shardUnitsText(const storage::ShardPart& part, const std::string& unit) {
  const std::vector<int>& units = part.units;
  if (units.empty())
    return "no " + unit + " of " + std::to_string(part.totalUnits) + " (more shards than " + unit +
           "s)";
  return (units.size() == 1 ? unit + " " + std::to_string(units.front() + 1)
                            : unit + "s " + std::to_string(units.front() + 1) + ".." +
                                  std::to_string(units.back() + 1)) +
         " of " + std::to_string(part.totalUnits);
}

} // namespace lrscope::cli
