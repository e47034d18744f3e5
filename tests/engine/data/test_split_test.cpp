// The test split held out of data that has none: its size, its stratification, its one seed
// for every command, its bad fractions, and (through loadData on a real CSV file, each row
// carrying its own index) that no example of it is ever in a sample or a validation split.
#include "lrscope/engine/data_source.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/sampling.h"
#include "lrscope/engine/test_split.h"

#include "test_files.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <string>

namespace lrscope::engine {
namespace {

using test::TempDir;
using test::writeText;

/// `sizes[c]` examples of class c, in class order, one feature each.
Dataset classes(const std::vector<int64_t>& sizes) {
  Dataset data;
  data.name = "classes";
  data.exampleShape = {1};
  for (std::size_t c = 0; c < sizes.size(); ++c) {
    data.classNames.push_back("c" + std::to_string(c));
    for (int64_t i = 0; i < sizes[c]; ++i) {
      data.features.push_back(static_cast<float>(data.labels.size()));
      data.labels.push_back(static_cast<int64_t>(c));
    }
  }
  return data;
}

int64_t countOf(const Dataset& data, const std::vector<int64_t>& indices, int64_t label) {
  return std::count_if(indices.begin(), indices.end(), [&](int64_t i) {
    return data.labels[static_cast<std::size_t>(i)] == label;
  });
}

TEST(TestSplit, HoldsOutTheFractionStratifiedAndEveryRowOnce) {
  const Dataset data = classes({40, 30, 20, 10});
  const TestSplit split = splitOffTest(data, 0.2);
  ASSERT_EQ(split.test.size(), 20u);
  ASSERT_EQ(split.train.size(), 80u);
  EXPECT_TRUE(std::is_sorted(split.test.begin(), split.test.end()));
  EXPECT_TRUE(std::is_sorted(split.train.begin(), split.train.end()));
  const int64_t expected[] = {8, 6, 4, 2}; // each class in proportion
  for (int64_t c = 0; c < 4; ++c)
    EXPECT_EQ(countOf(data, split.test, c), expected[c]) << "class " << c;
  std::set<int64_t> all(split.test.begin(), split.test.end());
  all.insert(split.train.begin(), split.train.end());
  EXPECT_EQ(all.size(), 100u); // disjoint, and together every row
  // One seed for every command: the same rows every time.
  EXPECT_EQ(splitOffTest(data, 0.2).test, split.test);
  EXPECT_NE(splitOffTest(data, 0.3).test, split.test);
}

TEST(TestSplit, LabelsPastTheClassNamesAreCountedToo) {
  Dataset data = classes({10, 10});
  data.labels.back() = 7; // an IDX label file may hold any byte
  data.labels[data.labels.size() - 2] = 7;
  const TestSplit split = splitOffTest(data, 0.5);
  EXPECT_EQ(split.test.size() + split.train.size(), 20u);
}

TEST(TestSplit, RegressionDataIsSplitUniformly) {
  Dataset data;
  data.name = "targets";
  data.task = TaskKind::Regression;
  data.exampleShape = {1};
  for (int i = 0; i < 50; ++i) {
    data.features.push_back(static_cast<float>(i));
    data.targets.push_back(static_cast<float>(i) * 0.5F);
  }
  const DataSplits splits = withTestSplit(DataSplits{data, {}}, 0.3);
  EXPECT_EQ(splits.test.size(), 15);
  EXPECT_EQ(splits.train.size(), 35);
  EXPECT_EQ(splits.test.targets.size(), 15u);
}

TEST(TestSplit, ASourceWithItsOwnTestSplitKeepsIt) {
  DataSplits splits{classes({5, 5}), classes({2, 2})};
  const DataSplits kept = withTestSplit(splits, 0.5);
  EXPECT_EQ(kept.train.size(), 10);
  EXPECT_EQ(kept.test.size(), 4);
}

TEST(TestSplit, BadFractionsAndClassesLeftOnOneSideAreRefused) {
  const Dataset data = classes({40, 40});
  for (const double bad : {0.0, -0.1, 0.9, 1.0, 2.0, std::numeric_limits<double>::quiet_NaN()}) {
    try {
      (void)splitOffTest(data, bad);
      FAIL() << "accepted " << bad;
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find("--test-fraction"), std::string::npos)
          << error.what();
    }
  }
  // One example of class c2: it is either held out or trained on, never both.
  try {
    (void)splitOffTest(classes({40, 40, 1}), 0.2);
    FAIL() << "a class without a test example was accepted";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("class 'c2' (1 example)"), std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("no example in the test split"), std::string::npos)
        << error.what();
  }
}

TEST(TestSplit, NoTestRowOfARealCsvIsEverInASampleOrAValidationSplit) {
  const TempDir dir;
  std::string csv = "id,x,y\n";
  for (int i = 0; i < 200; ++i)
    csv += std::to_string(i) + "," + std::to_string((i * 37) % 11) + "," +
           std::to_string(i % 3 == 0 ? 1 : 0) + "\n";
  writeText(dir / "rows.csv", csv);
  DataSpec spec{(dir / "rows.csv").string(), "y", TaskKind::Classification};
  spec.testFraction = 0.25;
  const DataSplits splits = loadDataFiles(spec);
  ASSERT_EQ(splits.test.size(), 50);
  ASSERT_EQ(splits.train.size(), 150);
  // The first feature is the row's index in the file.
  const auto ids = [](const Dataset& data, const std::vector<int64_t>& indices) {
    std::set<int64_t> out;
    for (const int64_t i : indices)
      out.insert(
          static_cast<int64_t>(data.features[static_cast<std::size_t>(i * data.exampleSize())]));
    return out;
  };
  std::vector<int64_t> everyTest(static_cast<std::size_t>(splits.test.size()));
  std::iota(everyTest.begin(), everyTest.end(), int64_t{0});
  const std::set<int64_t> testIds = ids(splits.test, everyTest);
  ASSERT_EQ(testIds.size(), 50u);
  for (const uint64_t seed : {1ULL, 2ULL, 99ULL}) { // whatever the run's seed
    SampleSpec sample;
    sample.count = 100;
    sample.validationCount = 50; // every row outside the test split is drawn
    sample.seed = seed;
    const SampleSplit drawn = drawSample(splits.train, sample);
    for (const std::set<int64_t>& part :
         {ids(splits.train, drawn.sample), ids(splits.train, drawn.validation)})
      for (const int64_t id : part)
        EXPECT_EQ(testIds.count(id), 0u) << "row " << id << " is a test row, seed " << seed;
  }
  // Loaded again, the same rows are test rows.
  std::vector<int64_t> again(static_cast<std::size_t>(loadDataFiles(spec).test.size()));
  std::iota(again.begin(), again.end(), int64_t{0});
  EXPECT_EQ(ids(loadDataFiles(spec).test, again), testIds);
}

} // namespace
} // namespace lrscope::engine
