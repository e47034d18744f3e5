#include "lrscope/engine/idx_reader.h"

#include "lrscope/engine/input_error.h"
#include "test_files.h"

#include <gtest/gtest.h>

namespace lrscope::engine {
namespace {

using test::contains;
using test::idxBytes;
using test::inputErrorOf;
using test::TempDir;
using test::writeBytes;
using test::writeGzip;

const std::vector<uint8_t> kPixels = {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255};

TEST(IdxReaderTest, ReadsARawFile) {
  const TempDir dir;
  writeBytes(dir / "images", idxBytes({3, 2, 2}, kPixels));
  const IdxArray array = readIdxFile(dir / "images");
  EXPECT_EQ(array.dims, (std::vector<int64_t>{3, 2, 2}));
  EXPECT_EQ(array.values, kPixels);
}

TEST(IdxReaderTest, ReadsAGzippedFile) {
  const TempDir dir;
  writeGzip(dir / "images.gz", idxBytes({2, 6}, kPixels));
  const IdxArray array = readIdxFile(dir / "images.gz");
  EXPECT_EQ(array.dims, (std::vector<int64_t>{2, 6}));
  EXPECT_EQ(array.values, kPixels);
}

TEST(IdxReaderTest, DetectsCompressionFromTheContentNotTheName) {
  const TempDir dir;
  writeGzip(dir / "gzipped-without-suffix", idxBytes({12}, kPixels));
  writeBytes(dir / "raw-with-suffix.gz", idxBytes({12}, kPixels));
  EXPECT_EQ(readIdxFile(dir / "gzipped-without-suffix").values, kPixels);
  EXPECT_EQ(readIdxFile(dir / "raw-with-suffix.gz").values, kPixels);
}

TEST(IdxReaderTest, RejectsABadMagicNumber) {
  const TempDir dir;
  std::vector<uint8_t> bytes = idxBytes({12}, kPixels);
  bytes[0] = 0x1F;
  writeBytes(dir / "bad", bytes);
  const std::string message = inputErrorOf([&] { (void)readIdxFile(dir / "bad"); });
  EXPECT_TRUE(contains(message, (dir / "bad").string())) << message;
  EXPECT_TRUE(contains(message, "bad magic number 0x1F000801")) << message;
}

TEST(IdxReaderTest, RejectsAnUnsupportedType) {
  const TempDir dir;
  std::vector<uint8_t> bytes = idxBytes({3}, {0, 0, 0});
  bytes[2] = 0x0D; // float
  writeBytes(dir / "floats", bytes);
  const std::string message = inputErrorOf([&] { (void)readIdxFile(dir / "floats"); });
  EXPECT_TRUE(contains(message, "unsupported IDX element type 0x0D")) << message;
  EXPECT_TRUE(contains(message, "32-bit float")) << message;
}

TEST(IdxReaderTest, RejectsATruncatedBodySayingExpectedAndFound) {
  const TempDir dir;
  std::vector<uint8_t> bytes = idxBytes({3, 2, 2}, kPixels);
  bytes.resize(bytes.size() - 5);
  writeBytes(dir / "short", bytes);
  const std::string message = inputErrorOf([&] { (void)readIdxFile(dir / "short"); });
  EXPECT_TRUE(contains(message, (dir / "short").string())) << message;
  EXPECT_TRUE(contains(message, "truncated")) << message;
  EXPECT_TRUE(contains(message, "need 12 bytes of data, found 7")) << message;
}

TEST(IdxReaderTest, RejectsATruncatedGzippedBody) {
  const TempDir dir;
  std::vector<uint8_t> bytes = idxBytes({3, 2, 2}, kPixels);
  bytes.resize(bytes.size() - 5);
  writeGzip(dir / "short.gz", bytes);
  const std::string message = inputErrorOf([&] { (void)readIdxFile(dir / "short.gz"); });
  EXPECT_TRUE(contains(message, "need 12 bytes of data, found 7")) << message;
}

TEST(IdxReaderTest, RejectsACutShortGzipStream) {
  const TempDir dir;
  std::vector<uint8_t> pixels(5000);
  for (std::size_t i = 0; i < pixels.size(); ++i) {
    pixels[i] = static_cast<uint8_t>(i * 7919 % 251);
  }
  writeGzip(dir / "full.gz", idxBytes({5000}, pixels));
  std::ifstream in(dir / "full.gz", std::ios::binary);
  std::vector<uint8_t> gz((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  gz.resize(gz.size() / 2);
  writeBytes(dir / "cut.gz", gz);
  const std::string message = inputErrorOf([&] { (void)readIdxFile(dir / "cut.gz"); });
  EXPECT_TRUE(contains(message, (dir / "cut.gz").string())) << message;
}

/// A "gzip bomb": a header declaring 12 bytes of data, then 64 MiB of zeros that gzip packs
/// into about 64 KB. Refused once the data outgrows the header, not after inflating it all.
TEST(IdxReaderTest, RefusesGzipDataInflatingBeyondItsHeaderEarly) {
  const TempDir dir;
  std::vector<uint8_t> bytes = idxBytes({3, 2, 2}, kPixels);
  bytes.resize(bytes.size() + (std::size_t{64} << 20));
  writeGzip(dir / "bomb.gz", bytes);
  const std::string message = inputErrorOf([&] { (void)readIdxFile(dir / "bomb.gz"); });
  EXPECT_TRUE(contains(message, "inflates to more than the 28 bytes its IDX header declares"))
      << message;
  const auto stopped = message.find("stopped after ");
  ASSERT_NE(stopped, std::string::npos) << message;
  EXPECT_LT(std::stoull(message.substr(stopped + 14)), std::uint64_t{1} << 20) << message;
}

/// A raw file is never inflated: one with bytes beyond its dims says how many.
TEST(IdxReaderTest, SaysHowManyBytesARawFileHasTooMany) {
  const TempDir dir;
  std::vector<uint8_t> bytes = idxBytes({3, 2, 2}, kPixels);
  bytes.resize(bytes.size() + 5);
  writeBytes(dir / "long", bytes);
  const std::string message = inputErrorOf([&] { (void)readIdxFile(dir / "long"); });
  EXPECT_TRUE(contains(message, "(5 bytes too many)")) << message;
}

/// A bad header inside gzip data is named as such, not as data beyond a size.
TEST(IdxReaderTest, NamesABadMagicNumberInsideGzipData) {
  const TempDir dir;
  std::vector<uint8_t> bytes = idxBytes({3, 2, 2}, kPixels);
  bytes[0] = 0x1F;
  bytes.resize(bytes.size() + (std::size_t{1} << 20));
  writeGzip(dir / "bad.gz", bytes);
  const std::string message = inputErrorOf([&] { (void)readIdxFile(dir / "bad.gz"); });
  EXPECT_TRUE(contains(message, "bad magic number")) << message;
}

TEST(IdxReaderTest, RejectsATruncatedHeader) {
  const TempDir dir;
  writeBytes(dir / "header", {0, 0, 0x08, 3, 0, 0, 0, 2});
  const std::string message = inputErrorOf([&] { (void)readIdxFile(dir / "header"); });
  EXPECT_TRUE(contains(message, "needs 16 bytes, found 8")) << message;
}

TEST(IdxReaderTest, RejectsTrailingBytes) {
  const TempDir dir;
  std::vector<uint8_t> bytes = idxBytes({2}, {1, 2});
  bytes.push_back(3);
  writeBytes(dir / "long", bytes);
  const std::string message = inputErrorOf([&] { (void)readIdxFile(dir / "long"); });
  EXPECT_TRUE(contains(message, "need 2 bytes of data, found 3")) << message;
}

TEST(IdxReaderTest, RejectsAMissingFile) {
  const TempDir dir;
  const std::string message = inputErrorOf([&] { (void)readIdxFile(dir / "nothing-here"); });
  EXPECT_TRUE(contains(message, (dir / "nothing-here").string())) << message;
  EXPECT_TRUE(contains(message, "not found")) << message;
}

/// IDX files of one dimension holding `count` values, raw or gzipped, read back whole: sizes
/// on either side of where the file reader grows its buffer (4 KiB, the file's size, 1 MiB),
/// and gzip data inflating to a thousand times its size. The reader once grew in 1 MiB steps:
/// a 1 KB file cost a zeroed megabyte, and a raw file of n bytes about 3n at its peak.
struct FileSizeCase {
  std::size_t count;
  bool gzipped;
  bool repetitive; ///< all zeros: gzip shrinks it to almost nothing
};

class IdxFileSizeTest : public ::testing::TestWithParam<FileSizeCase> {};

TEST_P(IdxFileSizeTest, ReadsBackEveryByte) {
  const FileSizeCase& c = GetParam();
  std::vector<uint8_t> values(c.count);
  if (!c.repetitive) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      values[i] = static_cast<uint8_t>(i * 7919 % 251);
    }
  }
  const std::vector<uint8_t> bytes = idxBytes({static_cast<uint32_t>(c.count)}, values);
  const TempDir dir;
  (c.gzipped ? writeGzip : writeBytes)(dir / "values", bytes);
  const IdxArray array = readIdxFile(dir / "values");
  EXPECT_EQ(array.dims, (std::vector<int64_t>{static_cast<int64_t>(c.count)}));
  EXPECT_TRUE(array.values == values) << "the values differ";
}

constexpr std::size_t kHeader = 8;     // magic and one dimension
constexpr std::size_t kMiB = 1U << 20; // the step the reader once grew by
INSTANTIATE_TEST_SUITE_P(
    AroundTheReadBoundaries, IdxFileSizeTest,
    ::testing::Values(
        FileSizeCase{0, false, false}, FileSizeCase{4096 - kHeader - 1, false, false},
        FileSizeCase{4096 - kHeader, false, false}, FileSizeCase{4096 - kHeader + 1, false, false},
        FileSizeCase{kMiB - kHeader, false, false}, FileSizeCase{kMiB - kHeader + 1, false, false},
        FileSizeCase{3 * kMiB + 5, false, false}, FileSizeCase{0, true, false},
        FileSizeCase{4096, true, false}, FileSizeCase{kMiB - kHeader, true, false},
        FileSizeCase{3 * kMiB + 5, true, false}, FileSizeCase{3 * kMiB + 5, true, true}));

/// A folder with 3 training and 2 test images of 2x2 pixels.
void writeSmallFolder(const TempDir& dir, bool gzipped) {
  const auto write = gzipped ? writeGzip : writeBytes;
  const std::string suffix = gzipped ? ".gz" : "";
  write(dir / ("train-images-idx3-ubyte" + suffix), idxBytes({3, 2, 2}, kPixels));
  write(dir / ("train-labels-idx1-ubyte" + suffix), idxBytes({3}, {2, 0, 1}));
  write(dir / ("t10k-images-idx3-ubyte" + suffix), idxBytes({2, 2, 2}, {9, 8, 7, 6, 5, 4, 3, 2}));
  write(dir / ("t10k-labels-idx1-ubyte" + suffix), idxBytes({2}, {1, 1}));
}

class IdxFolderTest : public ::testing::TestWithParam<bool> {};

TEST_P(IdxFolderTest, ReadsTrainAndTestParts) {
  const TempDir dir;
  writeSmallFolder(dir, GetParam());
  ASSERT_TRUE(looksLikeIdxFolder(dir.path()));
  const DataSplits splits = readIdxFolder(dir.path(), "small", {"zero", "one", "two"});

  EXPECT_EQ(splits.train.name, "small");
  EXPECT_EQ(splits.train.task, TaskKind::Classification);
  EXPECT_EQ(splits.train.exampleShape, (std::vector<int64_t>{1, 2, 2}));
  EXPECT_EQ(splits.train.size(), 3);
  EXPECT_EQ(splits.train.features, std::vector<float>(kPixels.begin(), kPixels.end()));
  EXPECT_EQ(splits.train.labels, (std::vector<int64_t>{2, 0, 1}));
  EXPECT_EQ(splits.train.classNames, (std::vector<std::string>{"zero", "one", "two"}));

  EXPECT_EQ(splits.test.size(), 2);
  EXPECT_EQ(splits.test.exampleShape, (std::vector<int64_t>{1, 2, 2}));
  EXPECT_EQ(splits.test.features[0], 9.0F);
  EXPECT_EQ(splits.test.labels, (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(splits.test.classNames, splits.train.classNames);
}

INSTANTIATE_TEST_SUITE_P(RawAndGzipped, IdxFolderTest, ::testing::Bool());

TEST(IdxReaderTest, DefaultClassNamesAreDigits) {
  const TempDir dir;
  writeSmallFolder(dir, false);
  const DataSplits splits = readIdxFolder(dir.path(), "small");
  ASSERT_EQ(splits.train.numClasses(), 10);
  EXPECT_EQ(splits.train.classNames.front(), "0");
  EXPECT_EQ(splits.train.classNames.back(), "9");
}

TEST(IdxReaderTest, TestPartIsOptional) {
  const TempDir dir;
  writeBytes(dir / "train-images-idx3-ubyte", idxBytes({3, 2, 2}, kPixels));
  writeBytes(dir / "train-labels-idx1-ubyte", idxBytes({3}, {2, 0, 1}));
  const DataSplits splits = readIdxFolder(dir.path(), "small");
  EXPECT_EQ(splits.train.size(), 3);
  EXPECT_EQ(splits.test.size(), 0);
}

TEST(IdxReaderTest, RejectsImageAndLabelCountMismatchNamingBothFiles) {
  const TempDir dir;
  writeSmallFolder(dir, false);
  writeBytes(dir / "train-labels-idx1-ubyte", idxBytes({2}, {0, 1}));
  const std::string message = inputErrorOf([&] { (void)readIdxFolder(dir.path(), "small"); });
  EXPECT_TRUE(contains(message, (dir / "train-images-idx3-ubyte").string() + " holds 3 images"))
      << message;
  EXPECT_TRUE(contains(message, (dir / "train-labels-idx1-ubyte").string() + " holds 2 labels"))
      << message;
}

TEST(IdxReaderTest, RejectsImagesThatAreNotThreeDimensional) {
  const TempDir dir;
  writeSmallFolder(dir, false);
  writeBytes(dir / "train-images-idx3-ubyte", idxBytes({3, 4}, kPixels));
  const std::string message = inputErrorOf([&] { (void)readIdxFolder(dir.path(), "small"); });
  EXPECT_TRUE(contains(message, "3-dimensional")) << message;
  EXPECT_TRUE(contains(message, "3x4")) << message;
}

TEST(IdxReaderTest, RejectsLabelsBeyondTheClassNames) {
  const TempDir dir;
  writeSmallFolder(dir, false);
  const std::string message = inputErrorOf([&] {
    (void)readIdxFolder(dir.path(), "small", {"zero", "one"});
  });
  EXPECT_TRUE(contains(message, (dir / "train-labels-idx1-ubyte").string())) << message;
  EXPECT_TRUE(contains(message, "label 2")) << message;
}

TEST(IdxReaderTest, RejectsAFolderWithoutTrainingLabels) {
  const TempDir dir;
  writeSmallFolder(dir, false);
  std::filesystem::remove(dir / "train-labels-idx1-ubyte");
  const std::string message = inputErrorOf([&] { (void)readIdxFolder(dir.path(), "small"); });
  EXPECT_TRUE(contains(message, "no train-labels-idx1-ubyte")) << message;
}

TEST(IdxReaderTest, RejectsATestPartWithOnlyOneFile) {
  const TempDir dir;
  writeSmallFolder(dir, false);
  std::filesystem::remove(dir / "t10k-labels-idx1-ubyte");
  const std::string message = inputErrorOf([&] { (void)readIdxFolder(dir.path(), "small"); });
  EXPECT_TRUE(contains(message, "no t10k-labels-idx1-ubyte")) << message;
}

TEST(IdxReaderTest, EmptyFolderDoesNotLookLikeIdx) {
  const TempDir dir;
  EXPECT_FALSE(looksLikeIdxFolder(dir.path()));
  EXPECT_FALSE(looksLikeIdxFolder(dir / "missing"));
}

TEST(IdxReaderTest, ReadsTheRealFashionMnistTestLabels) {
  const std::filesystem::path file = "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz";
  if (!std::filesystem::exists(file)) {
    GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  }
  const IdxArray labels = readIdxFile(file);
  ASSERT_EQ(labels.dims, std::vector<int64_t>{10000});
  ASSERT_EQ(labels.values.size(), 10000U);
  std::vector<int> perClass(10, 0);
  for (const uint8_t label : labels.values) {
    ASSERT_LT(label, 10);
    ++perClass[label];
  }
  for (const int count : perClass) {
    EXPECT_EQ(count, 1000); // Fashion-MNIST's test part is balanced
  }
}

} // namespace
} // namespace lrscope::engine
