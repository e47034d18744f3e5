// A range test on an image folder decodes only its sample, and that sample is the one the whole
// folder decoded gives.
#include "lrscope/engine/data_source.h"
#include "lrscope/engine/lazy_image_folder.h"
#include "lrscope/engine/range_test_job.h"

#include "range_test_setup.h"
#include "report_checks.h"

#include "common/temp_dir.h"
#include "engine/data/image_test_files.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lrscope::engine {
namespace {

using testing::lossesOf;

using lrscope::test::TempDir;

/// train/ with three classes of 30 gray 8x8 PNGs whose brightness tells the class, and test/
/// with one image a class.
std::filesystem::path writeImageFolder(const TempDir& dir) {
  const std::filesystem::path root = dir / "shapes";
  for (int c = 0; c < 3; ++c)
    for (int i = 0; i < 31; ++i) {
      const std::filesystem::path folder =
          root / (i < 30 ? "train" : "test") / ("class" + std::to_string(c));
      std::filesystem::create_directories(folder);
      std::vector<uint8_t> pixels(64);
      for (std::size_t p = 0; p < pixels.size(); ++p)
        pixels[p] = static_cast<uint8_t>(60 * c + (37 * i + 11 * p) % 50);
      test::writePng(folder / (std::to_string(i) + ".png"), 8, 8, 1, pixels);
    }
  return root;
}

FindConfig configFor(const std::filesystem::path& folder) {
  FindConfig config;
  config.data.source = folder.string();
  config.sample = {30, 0.0, 12, 5};
  config.model = {"logreg", {}};
  config.rangeTest.iterations = 20;
  config.rangeTest.batchSize = 10;
  config.rangeTest.validateEvery = 5;
  return config;
}

TEST(ImageFolderRangeTest, DecodesOnlyItsSampleAndDrawsTheSampleTheWholeFolderGives) {
  TempDir dir;
  const test::ScopedCacheHome cacheHome(dir / "cache");
  const std::filesystem::path folder = writeImageFolder(dir);
  const FindConfig config = configFor(folder);

  // Decoded whole (as a repeated test or a training loads it), then the sample drawn from it.
  const DataSplits whole = loadData(config.data);
  detail::RangeTestSetup setup = detail::prepareRangeTest(config, &whole);
  FindReport fromWhole = setup.report;
  detail::runPreparedRangeTest(setup, config, fromWhole, nullptr, nullptr);

  // test/ is never read by a range test: files there that are no images change nothing.
  for (int c = 0; c < 3; ++c)
    test::writeText(folder / "test" / ("class" + std::to_string(c)) / "30.png", "not a png");
  EXPECT_THROW((void)loadData(config.data), InputError); // the whole folder cannot be read now
  const FindReport fromSample = runRangeTestJob(config, nullptr, nullptr);
  EXPECT_EQ(fromSample.sampleSize, 30);
  EXPECT_EQ(fromSample.validationSize, 12);
  EXPECT_EQ(fromSample.trainSize, 90);
  EXPECT_EQ(fromSample.classNames, (std::vector<std::string>{"class0", "class1", "class2"}));
  EXPECT_EQ(fromWhole.classNames, fromSample.classNames);
  ASSERT_EQ(fromSample.result.steps.size(), fromWhole.result.steps.size());
  EXPECT_EQ(lossesOf(fromSample), lossesOf(fromWhole)); // the same examples, bit for bit

  // Without test/, the test split is held out of the labels as out of the decoded images.
  std::filesystem::remove_all(folder / "test");
  const DataSplits heldOut = loadData(config.data);
  detail::RangeTestSetup heldOutSetup = detail::prepareRangeTest(config, &heldOut);
  FindReport heldOutWhole = heldOutSetup.report;
  detail::runPreparedRangeTest(heldOutSetup, config, heldOutWhole, nullptr, nullptr);
  const FindReport heldOutSample = runRangeTestJob(config, nullptr, nullptr);
  EXPECT_EQ(heldOutSample.trainSize, 72); // 90 less the fifth held out
  EXPECT_EQ(lossesOf(heldOutSample), lossesOf(heldOutWhole));
}

TEST(ImageFolderRangeTest, IsNotLazyWhereSkippedFilesWouldMoveTheSample) {
  TempDir dir;
  const std::filesystem::path folder = writeImageFolder(dir);
  DataSpec spec;
  spec.source = folder.string();
  EXPECT_TRUE(LazyImageFolder::open(spec).has_value());
  spec.images.skipBadImages = true;
  EXPECT_FALSE(LazyImageFolder::open(spec).has_value());
  spec.source = "fashion-mnist";
  spec.images.skipBadImages = false;
  EXPECT_FALSE(LazyImageFolder::open(spec).has_value());
}

} // namespace
} // namespace lrscope::engine
