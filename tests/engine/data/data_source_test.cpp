#include "lrscope/engine/data_source.h"

#include "image_test_files.h"
#include "lrscope/engine/input_error.h"
#include "test_files.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace lrscope::engine {
namespace {

using test::contains;
using test::idxBytes;
using test::inputErrorOf;
using test::TempDir;
using test::writeBytes;
using test::writePng;
using test::writeText;

DataSpec spec(const std::string& source, const std::string& label = {},
              TaskKind task = TaskKind::Classification) {
  DataSpec result;
  result.source = source;
  result.labelColumn = label;
  result.task = task;
  return result;
}

/// The real Fashion-MNIST, loaded once for all its tests.
class FashionMnistTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    if (std::filesystem::is_directory(kFashionMnistFolder)) {
      s_splits = std::make_unique<DataSplits>(loadDataFiles(spec("fashion-mnist")));
    }
  }
  static void TearDownTestSuite() { s_splits.reset(); }
  void SetUp() override {
    if (!s_splits) {
      GTEST_SKIP() << "dataset-fashion-mnist is not installed";
    }
  }
  static std::unique_ptr<DataSplits> s_splits;
};

std::unique_ptr<DataSplits> FashionMnistTest::s_splits;

TEST_F(FashionMnistTest, HasTheKnownSizesAndShape) {
  const DataSplits& splits = *s_splits;
  EXPECT_EQ(splits.train.name, "fashion-mnist");
  EXPECT_EQ(splits.train.size(), 60000);
  EXPECT_EQ(splits.test.size(), 10000);
  EXPECT_EQ(splits.train.exampleShape, (std::vector<int64_t>{1, 28, 28}));
  EXPECT_EQ(splits.test.exampleShape, (std::vector<int64_t>{1, 28, 28}));
  EXPECT_EQ(splits.train.features.size(), 60000U * 28 * 28);
  EXPECT_EQ(splits.train.labels.size(), 60000U);
  EXPECT_EQ(splits.test.labels.size(), 10000U);
}

TEST_F(FashionMnistTest, HasTenNamedBalancedClasses) {
  const Dataset& train = s_splits->train;
  ASSERT_EQ(train.numClasses(), 10);
  EXPECT_EQ(train.classNames[0], "T-shirt/top");
  EXPECT_EQ(train.classNames[9], "Ankle boot");
  EXPECT_EQ(train.labels[0], 9); // the first training image is an ankle boot
  std::vector<int> perClass(10, 0);
  for (const int64_t label : train.labels) {
    ASSERT_GE(label, 0);
    ASSERT_LT(label, 10);
    ++perClass[static_cast<std::size_t>(label)];
  }
  EXPECT_EQ(perClass, std::vector<int>(10, 6000));
}

TEST_F(FashionMnistTest, KeepsRawPixelValues) {
  const auto& features = s_splits->train.features;
  const auto [low, high] = std::minmax_element(features.begin(), features.end());
  EXPECT_EQ(*low, 0.0F);
  EXPECT_EQ(*high, 255.0F);
  EXPECT_TRUE(std::all_of(features.begin(), features.begin() + 28 * 28 * 100,
                          [](float value) { return value == std::floor(value); }));
}

/// Real images: Fashion-MNIST's first 300 training and 100 test images written as PNG files in
/// train/ and test/ class folders read back, through loadDataFiles, to the IDX pixels exactly;
/// the folder names the classes, and a second load comes from the cache, equal.
TEST_F(FashionMnistTest, AnImageFolderOfItsPngsReadsBackToTheSamePixels) {
  TempDir dir;
  const test::ScopedCacheHome cacheHome(dir / "cache");
  const auto folderName = [](std::string name) {
    std::replace(name.begin(), name.end(), '/', '_');
    return name;
  };
  // Written as PNGs: files named by their index, so a class folder lists them in IDX order.
  const std::vector<std::pair<std::string, const Dataset*>> splits = {{"train", &s_splits->train},
                                                                      {"test", &s_splits->test}};
  for (const auto& [split, data] : splits)
    for (int64_t i = 0; i < (split == "train" ? 300 : 100); ++i) {
      const std::string label = folderName(data->classNames[data->labels[i]]);
      std::filesystem::create_directories(dir / "fm" / split / label);
      char file[16];
      std::snprintf(file, sizeof file, "%05lld.png", static_cast<long long>(i));
      const auto begin = data->features.begin() + i * 784;
      writePng(dir / "fm" / split / label / file, 28, 28, 1,
               std::vector<uint8_t>(begin, begin + 784));
    }
  const DataSplits images = loadDataFiles(spec((dir / "fm").string()));
  EXPECT_EQ(images.train.name, "fm");
  EXPECT_EQ(images.train.size(), 300);
  EXPECT_EQ(images.test.size(), 100);
  EXPECT_EQ(images.train.exampleShape, (std::vector<int64_t>{1, 28, 28}));
  EXPECT_EQ(images.train.classNames.front(), "Ankle boot"); // sorted folder names
  EXPECT_EQ(images.train.classNames.back(), "Trouser");
  // Each image read back matches, pixel for pixel, the IDX image its file was written from.
  for (const auto& [split, data] : splits) {
    const Dataset& read = split == "train" ? images.train : images.test;
    std::vector<std::vector<float>> written;
    for (int64_t i = 0; i < read.size(); ++i)
      written.emplace_back(data->features.begin() + i * 784,
                           data->features.begin() + (i + 1) * 784);
    for (int64_t i = 0; i < read.size(); ++i) {
      const std::vector<float> pixels(read.features.begin() + i * 784,
                                      read.features.begin() + (i + 1) * 784);
      const auto found = std::find(written.begin(), written.end(), pixels);
      ASSERT_NE(found, written.end()) << split << " image " << i << " matches no IDX image";
      const auto index = static_cast<std::size_t>(found - written.begin());
      EXPECT_EQ(folderName(read.classNames[read.labels[i]]),
                folderName(data->classNames[data->labels[index]]))
          << split << " image " << i;
    }
  }
  const DataSplits again = loadDataFiles(spec((dir / "fm").string()));
  EXPECT_EQ(again.train.features, images.train.features);
  EXPECT_EQ(again.test.labels, images.test.labels);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir / "cache" / "lrscope"),
                          std::filesystem::directory_iterator{}),
            2); // one cache file per split
}

TEST(DataSourceTest, ImageOptionsForASourceOfAnotherKindAreRefused) {
  DataSpec fashion = spec("fashion-mnist");
  fashion.images.size = {32, 32};
  EXPECT_TRUE(contains(inputErrorOf([&] { (void)loadDataFiles(fashion); }),
                       "--image-size, --channels and --skip-bad-images (given, or kept in the "
                       "run's config) are for folders of images"));
  TempDir dir;
  writeText(dir / "t.csv", "a,label\n1,x\n2,y\n");
  DataSpec table = spec((dir / "t.csv").string(), "label");
  table.images.skipBadImages = true;
  EXPECT_TRUE(contains(inputErrorOf([&] { (void)loadDataFiles(table); }), "are for folders"));
}

TEST(DataSourceTest, ASkippedImageIsCountedForTheReport) {
  TempDir dir;
  const test::ScopedCacheHome cacheHome(dir / "cache");
  for (const char* label : {"a", "b"})
    for (int i = 0; i < 5; ++i) { // five a class: one of each held out as the test split
      std::filesystem::create_directories(dir / "img" / label);
      test::writeGrayPng(dir / "img" / label / (std::to_string(i) + ".png"), 8, 8, 10 * i);
    }
  writeText(dir / "img" / "b" / "broken.png", "not a png");
  DataSpec images = spec((dir / "img").string());
  EXPECT_TRUE(contains(inputErrorOf([&] { (void)loadDataFiles(images); }), "broken.png"));
  images.images.skipBadImages = true;
  const DataSplits splits = loadDataFiles(images);
  EXPECT_EQ(splits.train.size() + splits.test.size(), 10);
  EXPECT_EQ(splits.warnings,
            (std::vector<std::string>{"skipped 1 unreadable image (--skip-bad-images)"}));
}

TEST(DataSourceTest, ReadsAnIdxFolderAndHoldsOutATestSplit) {
  const TempDir dir;
  std::vector<uint8_t> pixels;
  std::vector<uint8_t> labels;
  for (uint8_t i = 0; i < 10; ++i) {
    pixels.insert(pixels.end(), {i, static_cast<uint8_t>(i + 1), static_cast<uint8_t>(i + 2)});
    labels.push_back(i % 2);
  }
  writeBytes(dir / "train-images-idx3-ubyte", idxBytes({10, 1, 3}, pixels));
  writeBytes(dir / "train-labels-idx1-ubyte", idxBytes({10}, labels));
  const DataSplits splits = loadDataFiles(spec(dir.path().string() + "/"));
  EXPECT_EQ(splits.train.name, dir.path().filename().string());
  EXPECT_EQ(splits.train.exampleShape, (std::vector<int64_t>{1, 1, 3}));
  EXPECT_EQ(splits.test.exampleShape, splits.train.exampleShape);
  EXPECT_EQ(splits.train.numClasses(), 10);
  // No test files: a fifth held out, one of each class present.
  ASSERT_EQ(splits.test.size(), 2);
  EXPECT_EQ(splits.train.size(), 8);
  EXPECT_NE(splits.test.labels[0], splits.test.labels[1]);
}

TEST(DataSourceTest, ReadsACifarFolder) {
  const TempDir dir;
  std::vector<uint8_t> bytes;
  for (int i = 0; i < 5; ++i) {
    std::vector<uint8_t> record(3073, static_cast<uint8_t>(7 + i));
    record[0] = 4;
    bytes.insert(bytes.end(), record.begin(), record.end());
  }
  writeBytes(dir / "data_batch_1.bin", bytes);
  const DataSplits splits = loadDataFiles(spec(dir.path().string()));
  EXPECT_EQ(splits.train.exampleShape, (std::vector<int64_t>{3, 32, 32}));
  EXPECT_EQ(splits.train.labels, (std::vector<int64_t>{4, 4, 4, 4}));
  EXPECT_EQ(splits.test.labels, std::vector<int64_t>{4});
  EXPECT_EQ(splits.train.classNames[4], "deer");
}

TEST(DataSourceTest, ReadsACsvFileWhateverTheCaseOfItsExtension) {
  const TempDir dir;
  writeText(dir / "Table.CSV", "a,b,kind\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n9,0,x\n1,1,y\n2,2,x\n3,3,y\n"
                               "4,4,x\n5,5,y\n");
  const DataSplits splits = loadDataFiles(spec((dir / "Table.CSV").string(), "kind"));
  EXPECT_EQ(splits.train.size(), 8);
  EXPECT_EQ(splits.train.classNames, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(splits.test.size(), 2);
  EXPECT_EQ(splits.test.classNames, splits.train.classNames);
  EXPECT_EQ(splits.test.exampleShape, splits.train.exampleShape);
}

TEST(DataSourceTest, ReadsACsvRegressionTable) {
  const TempDir dir;
  writeText(dir / "t.csv", "a,y\n1,0.5\n2,1.5\n");
  const DataSplits splits =
      loadDataFiles(spec((dir / "t.csv").string(), "y", TaskKind::Regression));
  EXPECT_EQ(splits.train.task, TaskKind::Regression);
  ASSERT_EQ(splits.train.targets.size(), 1u); // one row of two is the test split
  ASSERT_EQ(splits.test.targets.size(), 1u);
  EXPECT_EQ(splits.train.targets[0] + splits.test.targets[0], 2.0F);
}

TEST(DataSourceTest, CsvNeedsALabelColumn) {
  const TempDir dir;
  writeText(dir / "t.csv", "a,y\n1,0\n");
  const std::string message =
      inputErrorOf([&] { (void)loadDataFiles(spec((dir / "t.csv").string())); });
  EXPECT_TRUE(contains(message, "CSV data needs --label COLUMN")) << message;
}

TEST(DataSourceTest, RejectsAMissingCsvFile) {
  const TempDir dir;
  const std::string message =
      inputErrorOf([&] { (void)loadDataFiles(spec((dir / "gone.csv").string(), "y")); });
  EXPECT_TRUE(contains(message, "gone.csv: file not found")) << message;
}

TEST(DataSourceTest, RejectsAnUnknownNameListingWhatIsAccepted) {
  const std::string message = inputErrorOf([] { (void)loadDataFiles(spec("imagenet")); });
  EXPECT_TRUE(contains(message, "unknown data source \"imagenet\"")) << message;
  EXPECT_TRUE(contains(message, "fashion-mnist")) << message;
  EXPECT_TRUE(contains(message, "IDX")) << message;
  EXPECT_TRUE(contains(message, "CIFAR-10")) << message;
  EXPECT_TRUE(contains(message, ".csv")) << message;
}

TEST(DataSourceTest, MnistAsksForAFolder) {
  const std::string message = inputErrorOf([] { (void)loadDataFiles(spec("mnist")); });
  EXPECT_TRUE(contains(message, "folder")) << message;
}

TEST(DataSourceTest, RejectsAFolderOfSomethingElse) {
  const TempDir dir;
  writeText(dir / "notes.txt", "hello");
  const std::string message = inputErrorOf([&] { (void)loadDataFiles(spec(dir.path().string())); });
  EXPECT_TRUE(contains(message, dir.path().string())) << message;
  EXPECT_TRUE(contains(message, "train-images-idx3-ubyte")) << message;
  EXPECT_TRUE(contains(message, "data_batch_1.bin")) << message;
}

TEST(DataSourceTest, RejectsAFileThatIsNotCsv) {
  const TempDir dir;
  writeText(dir / "notes.txt", "hello");
  const std::string message =
      inputErrorOf([&] { (void)loadDataFiles(spec((dir / "notes.txt").string())); });
  EXPECT_TRUE(contains(message, "notes.txt: not a data source")) << message;
}

TEST(DataSourceTest, RejectsRegressionOnImages) {
  const std::string message =
      inputErrorOf([] { (void)loadDataFiles(spec("fashion-mnist", {}, TaskKind::Regression)); });
  EXPECT_TRUE(contains(message, "regression needs a .csv table")) << message;
}

TEST(DataSourceTest, RejectsAnEmptySource) {
  const std::string message = inputErrorOf([] { (void)loadDataFiles(spec("")); });
  EXPECT_TRUE(contains(message, "no data source given")) << message;
}

} // namespace
} // namespace lrscope::engine
