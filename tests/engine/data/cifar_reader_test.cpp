#include "lrscope/engine/cifar_reader.h"

#include "lrscope/engine/input_error.h"
#include "test_files.h"

#include <gtest/gtest.h>

namespace lrscope::engine {
namespace {

using test::contains;
using test::inputErrorOf;
using test::TempDir;
using test::writeBytes;
using test::writeText;

constexpr std::size_t kPlane = 32 * 32;

/// One record: the label, then R, G and B planes filled with base, base + 1 and base + 2,
/// except pixel (y 1, x 2) of each plane, which is 200 + channel.
std::vector<uint8_t> record(uint8_t label, uint8_t base) {
  std::vector<uint8_t> bytes = {label};
  for (uint8_t channel = 0; channel < 3; ++channel) {
    std::vector<uint8_t> plane(kPlane, static_cast<uint8_t>(base + channel));
    plane[1 * 32 + 2] = static_cast<uint8_t>(200 + channel);
    bytes.insert(bytes.end(), plane.begin(), plane.end());
  }
  return bytes;
}

std::vector<uint8_t> batch(const std::vector<std::vector<uint8_t>>& records) {
  std::vector<uint8_t> bytes;
  for (const auto& one : records) {
    bytes.insert(bytes.end(), one.begin(), one.end());
  }
  return bytes;
}

TEST(CifarReaderTest, ReadsRecordsAsChannelPlanes) {
  const TempDir dir;
  writeBytes(dir / "data_batch_1.bin", batch({record(3, 10), record(9, 50)}));
  writeBytes(dir / "test_batch.bin", batch({record(0, 100)}));
  ASSERT_TRUE(looksLikeCifar10Folder(dir.path()));

  const DataSplits splits = readCifar10Folder(dir.path());
  const Dataset& train = splits.train;
  EXPECT_EQ(train.exampleShape, (std::vector<int64_t>{3, 32, 32}));
  ASSERT_EQ(train.size(), 2);
  EXPECT_EQ(train.labels, (std::vector<int64_t>{3, 9}));
  ASSERT_EQ(train.numClasses(), 10);
  EXPECT_EQ(train.classNames[3], "cat");
  EXPECT_EQ(train.classNames[9], "truck");

  const std::size_t second = 3 * kPlane;
  EXPECT_EQ(train.features[0], 10.0F);                        // R of record 0
  EXPECT_EQ(train.features[kPlane], 11.0F);                   // G of record 0
  EXPECT_EQ(train.features[2 * kPlane + 5], 12.0F);           // B of record 0
  EXPECT_EQ(train.features[1 * 32 + 2], 200.0F);              // R at y 1, x 2
  EXPECT_EQ(train.features[2 * kPlane + 1 * 32 + 2], 202.0F); // B at y 1, x 2
  EXPECT_EQ(train.features[second], 50.0F);                   // R of record 1
  EXPECT_EQ(train.features[second + kPlane + 1 * 32 + 2], 201.0F);

  ASSERT_EQ(splits.test.size(), 1);
  EXPECT_EQ(splits.test.labels, std::vector<int64_t>{0});
  EXPECT_EQ(splits.test.features[0], 100.0F);
}

TEST(CifarReaderTest, AppendsTrainingBatchesInOrder) {
  const TempDir dir;
  writeBytes(dir / "data_batch_1.bin", batch({record(1, 10)}));
  writeBytes(dir / "data_batch_2.bin", batch({record(2, 20), record(4, 30)}));
  const DataSplits splits = readCifar10Folder(dir.path());
  EXPECT_EQ(splits.train.labels, (std::vector<int64_t>{1, 2, 4}));
  EXPECT_EQ(splits.train.features[2 * 3 * kPlane], 30.0F);
  EXPECT_EQ(splits.test.size(), 0);
  EXPECT_EQ(splits.test.exampleShape, (std::vector<int64_t>{3, 32, 32}));
}

TEST(CifarReaderTest, TakesClassNamesFromTheMetaFile) {
  const TempDir dir;
  writeBytes(dir / "data_batch_1.bin", batch({record(1, 10)}));
  writeText(dir / "batches.meta.txt", "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n");
  const DataSplits splits = readCifar10Folder(dir.path());
  EXPECT_EQ(splits.train.classNames,
            (std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}));
}

TEST(CifarReaderTest, RejectsAFileWhoseSizeIsNotWholeRecords) {
  const TempDir dir;
  std::vector<uint8_t> bytes = batch({record(1, 10), record(2, 20)});
  bytes.pop_back();
  writeBytes(dir / "data_batch_1.bin", bytes);
  const std::string message = inputErrorOf([&] { (void)readCifar10Folder(dir.path()); });
  EXPECT_TRUE(contains(message, (dir / "data_batch_1.bin").string())) << message;
  EXPECT_TRUE(contains(message, "6145 bytes")) << message;
  EXPECT_TRUE(contains(message, "3073")) << message;
}

TEST(CifarReaderTest, RejectsALabelAboveNine) {
  const TempDir dir;
  writeBytes(dir / "data_batch_1.bin", batch({record(1, 10), record(10, 20)}));
  const std::string message = inputErrorOf([&] { (void)readCifar10Folder(dir.path()); });
  EXPECT_TRUE(contains(message, "record 1")) << message;
  EXPECT_TRUE(contains(message, "label 10")) << message;
}

TEST(CifarReaderTest, RejectsAFolderWithoutTheFirstBatch) {
  const TempDir dir;
  writeBytes(dir / "test_batch.bin", batch({record(1, 10)}));
  EXPECT_FALSE(looksLikeCifar10Folder(dir.path()));
  const std::string message = inputErrorOf([&] { (void)readCifar10Folder(dir.path()); });
  EXPECT_TRUE(contains(message, "no data_batch_1.bin")) << message;
}

} // namespace
} // namespace lrscope::engine
