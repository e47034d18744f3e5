#include "cli/from_run.h"

#include "lrscope/engine/find_config.h"
#include "lrscope/engine/group_range_test.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/storage/group_range_test_summary.h"
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

/// The picked range of a per-group range test's test; refuses a test without one.
const storage::StoredRange& pickedRange(const storage::GroupTestRun& test, int64_t parentId) {
  const storage::RunDetails& run = test.curve.details;
  if (!run.range) {
    const std::string which =
        test.isWholeModel() ? "the whole-model test" : "group " + std::to_string(*test.group);
    throw engine::InputError(which + " of run " + std::to_string(parentId) + " (run " +
                             std::to_string(run.summary.id) +
                             ") has no picked range; pick one in the app or give --group-lrs");
  }
  return *run.range;
}

/// The whole-model range sets the schedule; each group's factor comes from its own test.
FromRun fromGroupRangeTest(const storage::RunDatabase& db, const storage::RunDetails& run,
                           const nlohmann::json& stored) {
  FromRun from = fromRangeTestConfig(engine::findConfigFromJson(stored));
  const int64_t parentId = run.summary.id;
  const storage::GroupRangeTestSummary groupTest = storage::loadGroupRangeTest(db, parentId);
  std::vector<double> uppers;
  std::vector<int> groups; ///< each tested group's index among the model's layer groups
  for (const storage::GroupTestRun& test : groupTest.tests) {
    if (!test.isWholeModel()) {
      uppers.push_back(pickedRange(test, parentId).upper);
      groups.push_back(*test.group);
    }
  }
  const storage::GroupTestRun* whole = groupTest.wholeModel();
  if (whole == nullptr || uppers.empty())
    throw engine::InputError("run " + std::to_string(parentId) +
                             " is missing some of its tests; run the per-group test again");
  // A frozen group was not tested and stays frozen in the training, where its factor never acts.
  const std::size_t groupCount = uppers.size() + from.config.model.frozenGroups.size();
  const std::vector<double> tested = engine::groupLrFactors(uppers);
  from.config.groupLrFactors.assign(groupCount, 1.0);
  for (std::size_t i = 0; i < tested.size(); ++i) {
    if (groups[i] < 0 || static_cast<std::size_t>(groups[i]) >= groupCount)
      throw engine::InputError("run " + std::to_string(parentId) + " holds a test of group " +
                               std::to_string(groups[i]) + ", which its model does not have");
    from.config.groupLrFactors[static_cast<std::size_t>(groups[i])] = tested[i];
  }
  from.lower = pickedRange(*whole, parentId).lower;
  from.upper = pickedRange(*whole, parentId).upper;
  return from;
}

} // namespace

FromRun fromStoredRun(const std::filesystem::path& database, int64_t runId) {
  const storage::RunDatabase db(database);
  const storage::RunDetails run = db.loadRun(runId);
  const nlohmann::json stored = nlohmann::json::parse(run.configJson, nullptr, false);
  if (run.summary.kind == engine::RunKind::GroupRangeTest && stored.is_object()) {
    FromRun from = fromGroupRangeTest(db, run, stored);
    from.runSample.seed = from.config.seed;
    return from;
  }
  if (!run.range)
    throw engine::InputError("run " + std::to_string(runId) +
                             " has no picked range (its rules found none); pick one in the app "
                             "or give --lower and --upper");
  FromRun from;
  if (engine::isTrainableRangeTest(run.summary.kind) && stored.is_object()) {
    from = fromRangeTestConfig(engine::findConfigFromJson(stored));
  } else if (run.summary.kind == engine::RunKind::Training && stored.is_object()) {
    from.config = engine::trainConfigFromJson(stored);
    from.runSample = from.config.sample;
  } else {
    throw engine::InputError("run " + std::to_string(runId) + " is of kind " +
                             std::string(engine::toString(run.summary.kind)) +
                             "; train from a range test (repeated, per-group or single) or a "
                             "training run");
  }
  from.runSample.seed = from.config.seed;
  // Where the run computed is not passed on: this machine may have no GPU; --device says.
  from.config.model.device = engine::Device{};
  from.lower = run.range->lower;
  from.upper = run.range->upper;
  return from;
}

} // namespace lrscope::cli
