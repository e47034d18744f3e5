#pragma once

#include "lrscope/engine/group_range_test.h"

#include <atomic>

namespace lrscope::engine {

/// A per-group range test. A whole-model range test runs first (reported with no group, "all
/// groups"). Then, for each layer group in turn, only that group's LR climbs the ladder while
/// the others stay at config.rangeTest.otherGroupsLr, or when that is 0 at the whole-model
/// range's lower bound, where they learn but slowly. Each group's curve shows how far its own
/// LR can go; suggestedGroupLrs turns them into one peak LR per group. The data is loaded and
/// the model built once; the model is restored after each test, so every test starts from the
/// same weights. config.rangeTest.sweptGroup is ignored. Throws InputError for a bad config,
/// data set or model, before any training.
[[nodiscard]] GroupRangeTestReport runGroupRangeTestJob(const FindConfig& config,
                                                        GroupRangeTestListener* listener,
                                                        const std::atomic<bool>* stop);

} // namespace lrscope::engine
