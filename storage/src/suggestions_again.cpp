#include "lrscope/storage/suggestions_again.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/run_kind.h"
#include "lrscope/engine/run_record.h"

#include <algorithm>
#include <string>

namespace lrscope::storage {

SuggestionsFoundAgain findSuggestionsAgain(const RunDatabase& database, int64_t runId,
                                           int rangeRuleVersion, FindAgainFor purpose) {
  const std::vector<int>& versions = engine::LrRangeRule::versions();
  if (std::find(versions.begin(), versions.end(), rangeRuleVersion) == versions.end()) {
    std::string known;
    for (const int version : versions)
      known += (known.empty() ? "" : ", ") + std::to_string(version);
    throw engine::InputError("the range rule has no version " + std::to_string(rangeRuleVersion) +
                             "; its versions are " + known);
  }
  const RunDetails run = database.loadRun(runId);
  const std::string name = "run " + std::to_string(runId);
  if (engine::hasChildRuns(run.summary.kind))
    throw engine::InputError(name + " is a " + std::string(engine::toString(run.summary.kind)) +
                             " run, whose curves are its child runs'; give one of them");
  if (run.summary.kind != engine::RunKind::RangeTest &&
      run.summary.kind != engine::RunKind::Imported)
    throw engine::InputError(name + " is a " + std::string(engine::toString(run.summary.kind)) +
                             " run; suggestions are found on a range test or an imported curve");
  if (purpose == FindAgainFor::Storing && run.parentRunId &&
      database.loadRun(*run.parentRunId).summary.kind == engine::RunKind::Audit)
    throw engine::InputError(
        name + " is a range test of audit run " + std::to_string(*run.parentRunId) +
        ", whose trainings were chosen by its range as found, so that range is kept; to see what "
        "version " +
        std::to_string(rangeRuleVersion) +
        " finds without storing it: lrscope "
        "suggest --run " +
        std::to_string(runId) + " --range-rule " + std::to_string(rangeRuleVersion) +
        " (no --save)");
  engine::RangeTestResult result;
  result.steps = database.loadSteps(runId);
  if (result.steps.empty())
    throw engine::InputError(name + " recorded no steps, so there is no curve to find a range "
                                    "on; pick a run that recorded its curve");
  SuggestionsFoundAgain found;
  found.curve = result.curve();
  found.suggestions = engine::suggestAll(found.curve);
  found.range = engine::LrRangeRule::apply(found.curve, rangeRuleVersion);
  return found;
}

SuggestionsFoundAgain saveSuggestionsAgain(RunDatabase& database, int64_t runId,
                                           int rangeRuleVersion) {
  SuggestionsFoundAgain found =
      findSuggestionsAgain(database, runId, rangeRuleVersion, FindAgainFor::Storing);
  database.saveSuggestions(runId, found.suggestions, found.range.range);
  return found;
}

} // namespace lrscope::storage
