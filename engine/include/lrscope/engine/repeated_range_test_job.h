#pragma once

#include "lrscope/engine/repeated_range_test.h"

#include <atomic>
#include <vector>

namespace lrscope::engine {

/// Runs config.repeats.count range tests (repeatConfig(config, i)) and summarizes them. The data
/// is loaded once; each repeat draws its sample (the same one unless repeats.resample), builds
/// its seeded model and runs on the shared ladder. `jobs` repeats run side by side, each on a
/// thread of its own; every repeat computes on one thread (libtorch's intra-op threads and
/// OpenBLAS's set to one for the job), so the curves are bit-identical to running them one at
/// a time, and to a plain test of the repeat's seed wherever that computes on one thread too. A
/// TorchScript model runs its repeats one at a time, as it may draw from libtorch's global
/// generator while it trains. `stop` stops every repeat within a step (each restores its model). A
/// repeat that fails is reported with status Failed and its reason; the others run on. Throws
/// InputError for a bad config, data set or model, before any training.
[[nodiscard]] RepeatedRangeTestReport runRepeatedRangeTestJob(const FindConfig& config, int jobs,
                                                              RepeatedRangeTestListener* listener,
                                                              const std::atomic<bool>* stop);

/// The same for only the repeats `indices` (in increasing order, each below repeats.count: one
/// shard's share): each computes exactly as in the whole job, and the report holds them alone
/// (none at all when `indices` is empty, and then no data is read).
[[nodiscard]] RepeatedRangeTestReport runRepeatedRangeTestJob(const FindConfig& config, int jobs,
                                                              const std::vector<int>& indices,
                                                              RepeatedRangeTestListener* listener,
                                                              const std::atomic<bool>* stop);

} // namespace lrscope::engine
