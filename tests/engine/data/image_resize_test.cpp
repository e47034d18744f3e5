// Resizing, cropping and channel conversion of image folders, through lossless PNG files so
// that every value is known exactly.
#include "image_test_files.h"
#include "lrscope/engine/image_folder.h"

#include <gtest/gtest.h>

namespace lrscope::engine {
namespace {

using test::pixelsOf;
using test::TempDir;
using test::writePng;

/// The one image decoded with `size` and `channels`, without the cache.
Dataset decodeOne(const std::filesystem::path& file, ImageSize size, int channels = 0) {
  ImageOptions options;
  options.size = size;
  options.channels = channels;
  options.useCache = false;
  return decodeImages({{file, 0}}, {"a", "b"}, options, "one").data;
}

TEST(ImageResizeTest, ShrinkingUniformTwoByTwoBlocksGivesTheBlockValues) {
  const TempDir dir;
  writePng(dir / "blocks.png", 4, 4, 1,
           {10, 10, 20, 20, //
            10, 10, 20, 20, //
            30, 30, 40, 40, //
            30, 30, 40, 40});
  const Dataset data = decodeOne(dir / "blocks.png", {2, 2});
  EXPECT_EQ(data.exampleShape, (std::vector<int64_t>{1, 2, 2}));
  EXPECT_EQ(pixelsOf(data.features), (std::vector<int>{10, 20, 30, 40}));
}

TEST(ImageResizeTest, ShrinkingByTwoThirdsAveragesByArea) {
  const TempDir dir;
  // Output 0 covers source [0, 1.5): (2 * a + b) / 3; output 1 covers [1.5, 3): (b + 2 * c) / 3.
  writePng(dir / "thirds.png", 3, 3, 1, {0, 90, 180, 0, 90, 180, 0, 90, 180});
  EXPECT_EQ(pixelsOf(decodeOne(dir / "thirds.png", {2, 2}).features),
            (std::vector<int>{30, 150, 30, 150}));
}

TEST(ImageResizeTest, GrowingUsesBilinearWithHalfPixelCentres) {
  const TempDir dir;
  // x = (i + 0.5) / 2 - 0.5 = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
  writePng(dir / "two.png", 1, 2, 1, {0, 200});
  EXPECT_EQ(pixelsOf(decodeOne(dir / "two.png", {1, 4}).features),
            (std::vector<int>{0, 50, 150, 200}));
  // 25.25 and 75.75 round to the nearest integer.
  writePng(dir / "odd.png", 1, 2, 1, {0, 101});
  EXPECT_EQ(pixelsOf(decodeOne(dir / "odd.png", {1, 4}).features),
            (std::vector<int>{0, 25, 76, 101}));
}

TEST(ImageResizeTest, CentreCropKeepsTheMiddleColumns) {
  const TempDir dir;
  // 4 rows of 6 columns into 4x4: the height fits, the width is cropped by one column a side.
  std::vector<uint8_t> values;
  for (int row = 0; row < 4; ++row) {
    values.insert(values.end(), {1, 2, 3, 255, 5, 6}); // column 3: the marked centre
  }
  writePng(dir / "wide.png", 4, 6, 1, values);
  const Dataset data = decodeOne(dir / "wide.png", {4, 4});
  std::vector<int> expected;
  for (int row = 0; row < 4; ++row) {
    expected.insert(expected.end(), {2, 3, 255, 5});
  }
  EXPECT_EQ(pixelsOf(data.features), expected);
}

TEST(ImageResizeTest, ScalesTheShortSideToFitThenCropsTheLongOne) {
  const TempDir dir;
  // 4x8 into 2x2: scaled by 1/2 to 2x4 (pairs of columns averaged), then columns 1 and 2 kept.
  std::vector<uint8_t> values;
  for (int row = 0; row < 4; ++row) {
    values.insert(values.end(), {0, 10, 20, 30, 40, 50, 60, 70});
  }
  writePng(dir / "long.png", 4, 8, 1, values);
  EXPECT_EQ(pixelsOf(decodeOne(dir / "long.png", {2, 2}).features),
            (std::vector<int>{25, 45, 25, 45}));
  // A tall image: rows are cropped the same way.
  writePng(dir / "tall.png", 8, 1, 1, {0, 10, 20, 30, 40, 50, 60, 70});
  EXPECT_EQ(pixelsOf(decodeOne(dir / "tall.png", {2, 1}).features), (std::vector<int>{30, 40}));
}

TEST(ImageResizeTest, ColourToGrayIsPilsLuma) {
  const TempDir dir;
  writePng(dir / "rgb.png", 1, 4, 3, {255, 0, 0, 0, 255, 0, 0, 0, 255, 200, 100, 50});
  // (19595 R + 38470 G + 7471 B + 32768) >> 16, as PIL's convert("L").
  const Dataset data = decodeOne(dir / "rgb.png", {}, 1);
  EXPECT_EQ(data.exampleShape, (std::vector<int64_t>{1, 1, 4}));
  EXPECT_EQ(pixelsOf(data.features), (std::vector<int>{76, 150, 29, 124}));
}

TEST(ImageResizeTest, GrayToColourReplicatesIntoChannelPlanes) {
  const TempDir dir;
  writePng(dir / "gray.png", 1, 2, 1, {7, 9});
  const Dataset data = decodeOne(dir / "gray.png", {}, 3);
  EXPECT_EQ(data.exampleShape, (std::vector<int64_t>{3, 1, 2}));
  EXPECT_EQ(pixelsOf(data.features), (std::vector<int>{7, 9, 7, 9, 7, 9}));
}

TEST(ImageResizeTest, ColourIsStoredChannelMajor) {
  const TempDir dir;
  writePng(dir / "rgb.png", 2, 2, 3, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  const Dataset data = decodeOne(dir / "rgb.png", {});
  EXPECT_EQ(data.exampleShape, (std::vector<int64_t>{3, 2, 2}));
  EXPECT_EQ(pixelsOf(data.features), (std::vector<int>{1, 4, 7, 10, 2, 5, 8, 11, 3, 6, 9, 12}));
}

TEST(ImageResizeTest, ResizesColourChannelsAlike) {
  const TempDir dir;
  // A 2x2 of one colour grown to cover 3x5 (to 5x5, rows 1..3 kept): each plane stays uniform.
  writePng(dir / "rgb.png", 2, 2, 3, {10, 20, 30, 10, 20, 30, 10, 20, 30, 10, 20, 30});
  const Dataset grown = decodeOne(dir / "rgb.png", {3, 5});
  EXPECT_EQ(grown.exampleShape, (std::vector<int64_t>{3, 3, 5}));
  for (std::size_t i = 0; i < grown.features.size(); ++i) {
    EXPECT_EQ(grown.features[i], 10.0F * static_cast<float>(1 + i / 15)) << i;
  }
}

TEST(ImageResizeTest, ParsesSizes) {
  EXPECT_EQ(parseImageSize("32").height, 32);
  EXPECT_EQ(parseImageSize("32").width, 32);
  const ImageSize size = parseImageSize("28x32");
  EXPECT_EQ(size.height, 28);
  EXPECT_EQ(size.width, 32);
  EXPECT_EQ(parseImageSize("4096X1").width, 1);
  EXPECT_EQ(toString(size), "28x32");
  EXPECT_EQ(toString({}), "");
  for (const char* bad :
       {"", "0", "-3", "4097", "32x", "x32", "3.5", "32x32x3", " 32", "abc", "99999999999"}) {
    const std::string message = test::inputErrorOf([&] { (void)parseImageSize(bad); });
    EXPECT_TRUE(test::contains(message, "expected N or HxW")) << bad << ": " << message;
  }
}

TEST(ImageResizeTest, ValidatesOptions) {
  ImageOptions options;
  options.validate();
  options.channels = 2;
  EXPECT_TRUE(test::contains(test::inputErrorOf([&] { options.validate(); }), "channels 2"));
  options.channels = 3;
  options.size = {0, 5};
  EXPECT_TRUE(test::contains(test::inputErrorOf([&] { options.validate(); }), "image size 0x5"));
  options.size = {5000, 5};
  EXPECT_TRUE(test::contains(test::inputErrorOf([&] { options.validate(); }), "from 1 to 4096"));
}

} // namespace
} // namespace lrscope::engine
