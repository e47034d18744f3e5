#include "lrscope/engine/cifar_reader.h"
#include "lrscope/engine/atomic_file.h"

#include "data/file_bytes.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/message_text.h"

#include <fstream>
#include <string>
#include <system_error>
#include <vector>

namespace lrscope::engine {

namespace {

constexpr int64_t kChannels = 3;
constexpr int64_t kSide = 32;
constexpr int64_t kPixelBytes = kChannels * kSide * kSide;
constexpr int64_t kRecordBytes = 1 + kPixelBytes;
constexpr int64_t kClassCount = 10;
constexpr int kTrainBatchCount = 5;

const std::vector<std::string> kDefaultClassNames = {
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

Dataset emptyCifarDataset() {
  Dataset data;
  data.name = "cifar-10";
  data.task = TaskKind::Classification;
  data.exampleShape = {kChannels, kSide, kSide};
  return data;
}

/// Appends the records of one batch file; pixels are stored as R, G and B planes, as in CHW.
void appendBatch(const std::filesystem::path& file, Dataset& data) {
  const std::vector<uint8_t> bytes = readFileBytes(file);
  const auto size = static_cast<int64_t>(bytes.size());
  if (size == 0 || size % kRecordBytes != 0) {
    throw InputError(file.string() + ": size " + std::to_string(size) +
                     " bytes is not a positive multiple of 3073 (1 label byte and 3072 pixel "
                     "bytes per record); is it a CIFAR-10 binary batch (not CIFAR-100)?");
  }
  const int64_t records = size / kRecordBytes;
  data.features.reserve(data.features.size() + static_cast<std::size_t>(records * kPixelBytes));
  data.labels.reserve(data.labels.size() + static_cast<std::size_t>(records));
  for (int64_t record = 0; record < records; ++record) {
    const uint8_t* begin = bytes.data() + record * kRecordBytes;
    if (begin[0] >= kClassCount) {
      throw InputError(file.string() + ": record " + std::to_string(record) + " (byte " +
                       std::to_string(record * kRecordBytes) + ") has label " +
                       std::to_string(begin[0]) + ", but CIFAR-10 labels are 0..9");
    }
    data.labels.push_back(begin[0]);
    data.features.insert(data.features.end(), begin + 1, begin + kRecordBytes);
  }
}

std::vector<std::string> readClassNames(const std::filesystem::path& folder) {
  const std::filesystem::path file = folder / "batches.meta.txt";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    return kDefaultClassNames;
  }
  rememberInputFile(file);
  std::ifstream in(file);
  if (!in) {
    throw InputError(file.string() + ": cannot open the file for reading; check its permissions");
  }
  std::vector<std::string> names;
  std::string line;
  while (std::getline(in, line)) {
    if (auto name = trimmed(line); !name.empty()) {
      names.push_back(utf8Escaped(name));
    }
  }
  if (names.size() < static_cast<std::size_t>(kClassCount)) {
    throw InputError(file.string() + ": expected 10 class names, one a line, found " +
                     std::to_string(names.size()) + "; fix the file or remove it");
  }
  names.resize(static_cast<std::size_t>(kClassCount));
  return names;
}

} // namespace

DataSplits readCifar10Folder(const std::filesystem::path& folder) {
  std::error_code ec;
  if (!looksLikeCifar10Folder(folder)) {
    throw InputError(folder.string() +
                     ": no data_batch_1.bin; a CIFAR-10 folder holds the binary version's "
                     "data_batch_1.bin .. data_batch_5.bin and test_batch.bin");
  }
  const std::vector<std::string> classNames = readClassNames(folder);

  DataSplits splits;
  splits.train = emptyCifarDataset();
  splits.test = emptyCifarDataset();
  for (int batch = 1; batch <= kTrainBatchCount; ++batch) {
    const auto file = folder / ("data_batch_" + std::to_string(batch) + ".bin");
    if (std::filesystem::is_regular_file(file, ec)) {
      appendBatch(file, splits.train);
    }
  }
  const auto testFile = folder / "test_batch.bin";
  if (std::filesystem::is_regular_file(testFile, ec)) {
    appendBatch(testFile, splits.test);
  }
  splits.train.classNames = classNames;
  splits.test.classNames = classNames;
  return splits;
}

bool looksLikeCifar10Folder(const std::filesystem::path& folder) {
  std::error_code ec;
  return std::filesystem::is_regular_file(folder / "data_batch_1.bin", ec);
}

} // namespace lrscope::engine
