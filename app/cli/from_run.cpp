#include "cli/from_run.h"

#include "lrscope/engine/find_config.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/storage/run_database.h"

#include <nlohmann/json.hpp>

namespace lrscope::cli {

std::filesystem::path databasePath(const std::string& given) {
  return given.empty() ? storage::RunDatabase::defaultPath() : std::filesystem::path(given);
}

FromRun fromStoredRun(const std::filesystem::path& database, int64_t runId) {
  const storage::RunDatabase db(database);
  const storage::RunDetails run = db.loadRun(runId);
  if (!run.range)
    throw engine::InputError("run " + std::to_string(runId) +
                             " has no picked range (its rules found none); pick one in the app "
                             "or give --lower and --upper");
  const nlohmann::json stored = nlohmann::json::parse(run.configJson, nullptr, false);
  FromRun from;
  if (run.summary.kind == "range_test" && stored.is_object()) {
    const engine::FindConfig find = engine::findConfigFromJson(stored);
    from.config.data = find.data;
    from.config.model = find.model;
    from.config.optimizer = find.optimizer;
    from.config.seed = find.rangeTest.seed;
    from.config.sample.validationCount = find.sample.validationCount;
    from.runSample = find.sample;
  } else if (run.summary.kind == "training" && stored.is_object()) {
    from.config = engine::trainConfigFromJson(stored);
    from.runSample = from.config.sample;
  } else {
    throw engine::InputError("run " + std::to_string(runId) + " is a " + run.summary.kind +
                             " run; train from a range test or a training run");
  }
  from.runSample.seed = from.config.seed;
  from.lower = run.range->lower;
  from.upper = run.range->upper;
  return from;
}

} // namespace lrscope::cli
