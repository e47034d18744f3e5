#include "lrscope/engine/dataset.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace lrscope::engine {
namespace {

Dataset threeImages() {
  Dataset data;
  data.name = "tiny";
  data.exampleShape = {1, 2, 2};
  data.features = {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23};
  data.labels = {2, 0, 1};
  data.classNames = {"a", "b", "c"};
  return data;
}

TEST(DatasetTest, SizesComeFromTheShape) {
  const Dataset data = threeImages();
  EXPECT_EQ(data.exampleSize(), 4);
  EXPECT_EQ(data.size(), 3);
  EXPECT_EQ(data.numClasses(), 3);
  EXPECT_EQ(data.outputSize(), 3);
}

TEST(DatasetTest, RegressionHasOneOutput) {
  Dataset data;
  data.task = TaskKind::Regression;
  data.exampleShape = {2};
  data.features = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  data.targets = {1, 2, 3, 4, 5};
  EXPECT_EQ(data.size(), 5);
  EXPECT_EQ(data.outputSize(), 1);
}

TEST(DatasetTest, EmptyDatasetHasSizeZero) {
  Dataset data;
  data.exampleShape = {3, 32, 32};
  EXPECT_EQ(data.size(), 0);
  EXPECT_EQ(data.exampleSize(), 3 * 32 * 32);
}

TEST(DatasetTest, SubsetCopiesExamplesInTheGivenOrder) {
  const Dataset data = threeImages();
  const Dataset part = data.subset({2, 0, 2});
  EXPECT_EQ(part.name, "tiny");
  EXPECT_EQ(part.exampleShape, data.exampleShape);
  EXPECT_EQ(part.classNames, data.classNames);
  EXPECT_EQ(part.size(), 3);
  EXPECT_EQ(part.features, (std::vector<float>{20, 21, 22, 23, 0, 1, 2, 3, 20, 21, 22, 23}));
  EXPECT_EQ(part.labels, (std::vector<int64_t>{1, 2, 1}));
  EXPECT_TRUE(part.targets.empty());
}

TEST(DatasetTest, SubsetCopiesTargetsForRegression) {
  Dataset data;
  data.task = TaskKind::Regression;
  data.exampleShape = {1};
  data.features = {1, 2, 3};
  data.targets = {0.5F, 1.5F, 2.5F};
  const Dataset part = data.subset({1});
  EXPECT_EQ(part.task, TaskKind::Regression);
  EXPECT_EQ(part.features, std::vector<float>{2});
  EXPECT_EQ(part.targets, std::vector<float>{1.5F});
  EXPECT_TRUE(part.labels.empty());
}

TEST(DatasetTest, SubsetRejectsIndicesOutsideTheDataset) {
  const Dataset data = threeImages();
  EXPECT_THROW((void)data.subset({0, 3}), std::out_of_range);
  EXPECT_THROW((void)data.subset({-1}), std::out_of_range);
}

} // namespace
} // namespace lrscope::engine
