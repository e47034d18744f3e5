#pragma once

// The test split of data that comes without one (a CSV table, an IDX or CIFAR-10 folder without
// test files): held out when the data is loaded, before the sample, the validation split and
// the normalization statistics are drawn, so that no range test or training ever sees it.
#include "lrscope/engine/dataset.h"

#include <cstdint>
#include <vector>

namespace lrscope::engine {

/// The share of the examples held out when a config does not say.
inline constexpr double kDefaultTestFraction = 0.2;
/// A test fraction must be greater than 0 and less than this.
inline constexpr double kMaxTestFraction = 0.9;
/// Every test split is drawn with this seed, not the run's: whatever their seeds, `find`,
/// `train`, `sweep` and `audit` hold out the same rows of the same data at the same fraction.
inline constexpr uint64_t kTestSplitSeed = 0x7e57'5b11;

/// Example indices into the data as it was read, each list ascending.
struct TestSplit {
  std::vector<int64_t> train;
  std::vector<int64_t> test;
};

/// Holds out round(fraction x size) examples (at least one) as the test split: stratified by
/// class for classification (each class in proportion, as drawSample stratifies), uniformly for
/// regression, drawn with kTestSplitSeed. Throws InputError for a fraction outside
/// (0, kMaxTestFraction), and when a class would have no example in the test split or none
/// left to train on.
[[nodiscard]] TestSplit splitOffTest(const Dataset& data, double fraction);

/// The splits with a test split held out of the training part (splitOffTest) when the source
/// has none; unchanged when it has one.
[[nodiscard]] DataSplits withTestSplit(DataSplits splits, double fraction);

/// Throws InputError unless fraction is in (0, kMaxTestFraction).
void validateTestFraction(double fraction);

} // namespace lrscope::engine
