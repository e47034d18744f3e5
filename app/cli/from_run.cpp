#include "cli/from_run.h"

#include "lrscope/engine/find_config.h"
#include "lrscope/engine/group_range_test.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/storage/run_database.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>

namespace lrscope::cli {

namespace {

/// Data, model, optimizer and seed of a range test, its sample and validation size.
FromRun fromRangeTestConfig(const engine::FindConfig& find) {
  FromRun from;
  from.config.data = find.data;
  from.config.model = find.model;
  from.config.optimizer = find.optimizer;
  from.config.seed = find.rangeTest.seed;
  from.config.sample.validationCount = find.sample.validationCount;
  from.runSample = find.sample;
  return from;
}

/// A per-group range test's stored tests, each with its picked range: the whole-model test
/// and the layer groups' in group order.
struct GroupRuns {
  std::optional<storage::RunDetails> wholeModel;
  std::vector<storage::RunDetails> groups;
};

GroupRuns groupRuns(const storage::RunDatabase& db, int64_t parentId) {
  storage::RunFilter filter;
  filter.parentRunId = parentId;
  GroupRuns runs;
  for (const storage::RunSummary& child : db.listRuns(filter)) {
    storage::RunDetails run = db.loadRun(child.id);
    const int group =
        engine::findConfigFromJson(nlohmann::json::parse(run.configJson)).rangeTest.sweptGroup;
    const std::string which = group < 0 ? "the whole-model test" : "group " + std::to_string(group);
    if (!run.range)
      throw engine::InputError(which + " of run " + std::to_string(parentId) + " (run " +
                               std::to_string(child.id) +
                               ") has no picked range; pick one in the app or give --group-lrs");
    if (group < 0)
      runs.wholeModel = std::move(run);
    else
      runs.groups.push_back(std::move(run));
  }
  std::sort(runs.groups.begin(), runs.groups.end(), [](const auto& a, const auto& b) {
    return a.summary.id < b.summary.id; // groups are tested, and stored, in order
  });
  if (!runs.wholeModel || runs.groups.empty())
    throw engine::InputError("run " + std::to_string(parentId) +
                             " is missing some of its tests; run the per-group test again");
  return runs;
}

/// The whole-model range sets the schedule; each group's factor comes from its own test.
FromRun fromGroupRangeTest(const storage::RunDatabase& db, const storage::RunDetails& run,
                           const nlohmann::json& stored) {
  FromRun from = fromRangeTestConfig(engine::findConfigFromJson(stored));
  const GroupRuns runs = groupRuns(db, run.summary.id);
  std::vector<double> uppers;
  for (const storage::RunDetails& group : runs.groups)
    uppers.push_back(group.range->upper);
  from.config.groupLrFactors = engine::groupLrFactors(uppers);
  from.lower = runs.wholeModel->range->lower;
  from.upper = runs.wholeModel->range->upper;
  return from;
}

} // namespace

FromRun fromStoredRun(const std::filesystem::path& database, int64_t runId) {
  const storage::RunDatabase db(database);
  const storage::RunDetails run = db.loadRun(runId);
  const nlohmann::json stored = nlohmann::json::parse(run.configJson, nullptr, false);
  if (run.summary.kind == "group_range_test" && stored.is_object()) {
    FromRun from = fromGroupRangeTest(db, run, stored);
    from.runSample.seed = from.config.seed;
    return from;
  }
  if (!run.range)
    throw engine::InputError("run " + std::to_string(runId) +
                             " has no picked range (its rules found none); pick one in the app "
                             "or give --lower and --upper");
  FromRun from;
  if (run.summary.kind == "range_test" && stored.is_object()) {
    from = fromRangeTestConfig(engine::findConfigFromJson(stored));
  } else if (run.summary.kind == "training" && stored.is_object()) {
    from.config = engine::trainConfigFromJson(stored);
    from.runSample = from.config.sample;
  } else {
    throw engine::InputError("run " + std::to_string(runId) + " is a " + run.summary.kind +
                             " run; train from a range test, a per-group range test or a "
                             "training run");
  }
  from.runSample.seed = from.config.seed;
  from.lower = run.range->lower;
  from.upper = run.range->upper;
  return from;
}

} // namespace lrscope::cli
