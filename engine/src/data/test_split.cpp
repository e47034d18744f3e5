#include "lrscope/engine/test_split.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/number_text.h"
#include "lrscope/engine/sampling.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace lrscope::engine {
namespace {

/// "class 'sandal' (3 examples)".
std::string className(const Dataset& data, int64_t label, int64_t examples) {
  const std::string name = static_cast<std::size_t>(label) < data.classNames.size()
                               ? data.classNames[static_cast<std::size_t>(label)]
                               : std::to_string(label);
  return "class '" + name + "' (" + std::to_string(examples) + " example" +
         (examples == 1 ? "" : "s") + ")";
}

/// Every class with examples has one in the test split and one outside it.
void requireEveryClassOnBothSides(const Dataset& data, const TestSplit& split, double fraction) {
  if (data.task != TaskKind::Classification ||
      static_cast<int64_t>(data.labels.size()) != data.size())
    return;
  // Labels are non-negative here (drawSample refused others), but may lie past the names.
  const int64_t highest = *std::max_element(data.labels.begin(), data.labels.end());
  const auto classes = static_cast<std::size_t>(std::max(data.numClasses(), highest + 1));
  std::vector<int64_t> inTest(classes, 0);
  std::vector<int64_t> inTrain(classes, 0);
  for (const int64_t i : split.test)
    ++inTest[static_cast<std::size_t>(data.labels[static_cast<std::size_t>(i)])];
  for (const int64_t i : split.train)
    ++inTrain[static_cast<std::size_t>(data.labels[static_cast<std::size_t>(i)])];
  for (std::size_t label = 0; label < inTest.size(); ++label) {
    const int64_t all = inTest[label] + inTrain[label];
    if (all == 0)
      continue;
    if (inTest[label] == 0)
      throw InputError("--test-fraction " + numberText(fraction) + " leaves " +
                       className(data, static_cast<int64_t>(label), all) +
                       " with no example in the test split of \"" + data.name +
                       "\"; raise it, or give data with more examples of that class");
    if (inTrain[label] == 0)
      throw InputError("--test-fraction " + numberText(fraction) + " leaves " +
                       className(data, static_cast<int64_t>(label), all) +
                       " with no example to sample from in \"" + data.name +
                       "\"; lower it, or give data with more examples of that class");
  }
}

} // namespace

void validateTestFraction(double fraction) {
  if (!(fraction > 0.0 && fraction < kMaxTestFraction))
    throw InputError("--test-fraction must be greater than 0 and less than " +
                     numberText(kMaxTestFraction) + ", got " + numberText(fraction));
}

TestSplit splitOffTest(const Dataset& data, double fraction) {
  validateTestFraction(fraction);
  const int64_t size = data.size();
  if (size < 2)
    throw InputError("data set \"" + data.name + "\" has " + std::to_string(size) + " example" +
                     (size == 1 ? "" : "s") +
                     ": too few to hold out a test split and train on the rest");
  const int64_t testSize =
      std::clamp<int64_t>(std::llround(fraction * static_cast<double>(size)), 1, size - 1);
  SampleSpec spec;
  spec.count = testSize;
  spec.seed = kTestSplitSeed;
  TestSplit split;
  split.test = drawSample(data, spec).sample;
  std::sort(split.test.begin(), split.test.end());
  split.train.reserve(static_cast<std::size_t>(size - testSize));
  auto held = split.test.begin();
  for (int64_t i = 0; i < size; ++i) {
    if (held != split.test.end() && *held == i)
      ++held;
    else
      split.train.push_back(i);
  }
  requireEveryClassOnBothSides(data, split, fraction);
  return split;
}

DataSplits withTestSplit(DataSplits splits, double fraction) {
  if (splits.test.size() > 0)
    return splits;
  const TestSplit split = splitOffTest(splits.train, fraction);
  splits.test = splits.train.subset(split.test);
  splits.train = splits.train.subset(split.train);
  return splits;
}

} // namespace lrscope::engine
