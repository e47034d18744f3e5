#pragma once

// A stored run's suggestions and automatic range found again from its recorded steps, with a
// chosen version of LR Scope's range rule: `lrscope suggest --run`, and the app's range rule box.
// Found again only on request: a stored range keeps the version that found it.
#include "lrscope/engine/lr_curve.h"
#include "lrscope/engine/lr_range_rule.h"
#include "lrscope/engine/suggestion_rules.h"
#include "lrscope/storage/run_database.h"

#include <cstdint>
#include <vector>

namespace lrscope::storage {

struct SuggestionsFoundAgain {
  engine::LrCurve curve;
  std::vector<engine::Suggestion> suggestions;
  engine::LrRangeResult range;
};

/// What the suggestions found again are for: to compare with the stored ones, or to replace them.
enum class FindAgainFor { Comparing, Storing };

/// What a range test or an imported curve suggests on its recorded steps, with this version of
/// the range rule. Throws engine::InputError for a run with no curve of its own (a parent of
/// child runs, a training), one that recorded no steps, an unknown version, and, for storing, a
/// range test of an audit (whose trainings were chosen by its range as found).
[[nodiscard]] SuggestionsFoundAgain findSuggestionsAgain(const RunDatabase& database, int64_t runId,
                                                         int rangeRuleVersion,
                                                         FindAgainFor purpose);

/// The same, stored: the suggestions and the automatic range found replace the stored ones (a
/// range picked by hand stays picked). Throws as findSuggestionsAgain, and StorageError.
SuggestionsFoundAgain saveSuggestionsAgain(RunDatabase& database, int64_t runId,
                                           int rangeRuleVersion);

} // namespace lrscope::storage
