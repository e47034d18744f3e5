#include "lrscope/engine/idx_reader.h"

#include "data/file_bytes.h"
#include "lrscope/engine/input_error.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <optional>
#include <system_error>

namespace lrscope::engine {

namespace {

constexpr uint8_t kUnsignedByteType = 0x08;
constexpr int kMaxDims = 8;
constexpr int64_t kDefaultClassCount = 10;

std::string hex32(uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08X", value);
  return text;
}

std::string typeName(uint8_t type) {
  switch (type) {
  case 0x09:
    return "signed byte";
  case 0x0B:
    return "16-bit integer";
  case 0x0C:
    return "32-bit integer";
  case 0x0D:
    return "32-bit float";
  case 0x0E:
    return "64-bit float";
  default:
    return "unknown";
  }
}

uint32_t readBigEndian32(const uint8_t* bytes) {
  return (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) | (uint32_t{bytes[2]} << 8) |
         uint32_t{bytes[3]};
}

std::string dimsText(const std::vector<int64_t>& dims) {
  std::string text;
  for (std::size_t i = 0; i < dims.size(); ++i) {
    text += (i ? "x" : "") + std::to_string(dims[i]);
  }
  return text;
}

/// The file `base` or `base.gz` in the folder, whichever exists (raw first).
std::optional<std::filesystem::path> findIdxFile(const std::filesystem::path& folder,
                                                 const std::string& base) {
  std::error_code ec;
  for (const auto& candidate : {folder / base, folder / (base + ".gz")}) {
    if (std::filesystem::is_regular_file(candidate, ec)) {
      return candidate;
    }
  }
  return std::nullopt;
}

const char* const kExpectedFiles =
    "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and "
    "t10k-labels-idx1-ubyte, each optionally ending in .gz";

std::filesystem::path requireIdxFile(const std::filesystem::path& folder, const std::string& base) {
  auto file = findIdxFile(folder, base);
  if (!file) {
    throw InputError(folder.string() + ": no " + base + " or " + base +
                     ".gz; an IDX folder holds " + kExpectedFiles);
  }
  return *file;
}

/// Images and labels of one part (train or test), checked against each other.
Dataset readIdxPart(const std::filesystem::path& imageFile, const std::filesystem::path& labelFile,
                    const std::string& name, std::vector<std::string>& classNames,
                    bool defaultNames) {
  IdxArray images = readIdxFile(imageFile);
  if (images.dims.size() != 3) {
    throw InputError(imageFile.string() +
                     ": expected a 3-dimensional image array (count x rows x " +
                     "columns), found dims " + dimsText(images.dims));
  }
  const IdxArray labels = readIdxFile(labelFile);
  if (labels.dims.size() != 1) {
    throw InputError(labelFile.string() + ": expected a 1-dimensional label array, found dims " +
                     dimsText(labels.dims));
  }
  if (images.dims[0] != labels.dims[0]) {
    throw InputError(imageFile.string() + " holds " + std::to_string(images.dims[0]) +
                     " images but " + labelFile.string() + " holds " +
                     std::to_string(labels.dims[0]) +
                     " labels; both files must come from the same data set");
  }

  uint8_t maxLabel = 0;
  for (const uint8_t label : labels.values) {
    maxLabel = std::max(maxLabel, label);
  }
  if (defaultNames) {
    const int64_t count = std::max<int64_t>(kDefaultClassCount, int64_t{maxLabel} + 1);
    for (auto i = static_cast<int64_t>(classNames.size()); i < count; ++i) {
      classNames.push_back(std::to_string(i));
    }
  }
  const auto classCount = static_cast<int64_t>(classNames.size());
  for (std::size_t i = 0; i < labels.values.size(); ++i) {
    if (labels.values[i] >= classCount) {
      throw InputError(labelFile.string() + ": label " + std::to_string(labels.values[i]) +
                       " of example " + std::to_string(i) +
                       " is not below the number of classes (" + std::to_string(classCount) + ")");
    }
  }

  Dataset data;
  data.name = name;
  data.task = TaskKind::Classification;
  data.exampleShape = {1, images.dims[1], images.dims[2]};
  data.features.assign(images.values.begin(), images.values.end());
  images.values = {};
  data.labels.assign(labels.values.begin(), labels.values.end());
  return data;
}

/// An IDX header: its size in bytes, the dims it declares and the data bytes they need (nullopt
/// when the product overflows 64 bits).
struct IdxHeader {
  std::size_t size = 0;
  std::vector<int64_t> dims;
  std::optional<uint64_t> dataBytes;
};

/// The header at the start of `bytes`, or nullopt when fewer than `size` bytes hold it all.
/// Throws InputError (prefixed with `where`) when its magic number or element type is not one
/// LR Scope reads.
std::optional<IdxHeader> parseIdxHeader(const std::string& where, const uint8_t* bytes,
                                        std::size_t size) {
  if (size < 4) {
    return std::nullopt;
  }
  const uint32_t magic = readBigEndian32(bytes);
  const uint8_t type = bytes[2];
  const int dimCount = bytes[3];
  if (bytes[0] != 0 || bytes[1] != 0 || dimCount == 0 || dimCount > kMaxDims) {
    throw InputError(where + "bad magic number " + hex32(magic) +
                     ", expected an IDX file such as 0x00000803 (images) or 0x00000801 (labels)");
  }
  if (type != kUnsignedByteType) {
    char code[8];
    std::snprintf(code, sizeof code, "0x%02X", type);
    throw InputError(where + "unsupported IDX element type " + code + " (" + typeName(type) +
                     "); only unsigned bytes (0x08) are supported");
  }
  IdxHeader header;
  header.size = 4 + 4 * static_cast<std::size_t>(dimCount);
  if (size < header.size) {
    return std::nullopt;
  }
  uint64_t product = 1;
  bool overflow = false;
  for (int i = 0; i < dimCount; ++i) {
    const uint32_t dim = readBigEndian32(bytes + 4 + 4 * i);
    header.dims.push_back(dim);
    if (dim != 0 && product > std::numeric_limits<uint64_t>::max() / dim) {
      overflow = true;
    }
    product *= dim;
  }
  if (!overflow) {
    header.dataBytes = product;
  }
  return header;
}

} // namespace

IdxArray readIdxFile(const std::filesystem::path& file) {
  const std::string where = file.string() + ": ";
  const SizeFromHeader idxSize{
      "IDX", [&where](const uint8_t* bytes, std::size_t size) -> std::optional<uint64_t> {
        const auto header = parseIdxHeader(where, bytes, size);
        if (!header) {
          return std::nullopt;
        }
        if (!header->dataBytes ||
            *header->dataBytes > std::numeric_limits<uint64_t>::max() - header->size) {
          return std::numeric_limits<uint64_t>::max();
        }
        return header->size + *header->dataBytes;
      }};
  const std::vector<uint8_t> bytes = readFileBytes(file, &idxSize);
  if (bytes.size() < 4) {
    throw InputError(where + "truncated: an IDX header needs at least 4 bytes, found " +
                     std::to_string(bytes.size()));
  }
  const auto header = parseIdxHeader(where, bytes.data(), bytes.size());
  if (!header) {
    throw InputError(where + "truncated: the header of " + std::to_string(bytes[3]) +
                     " dimensions needs " + std::to_string(4 + 4 * std::size_t{bytes[3]}) +
                     " bytes, found " + std::to_string(bytes.size()));
  }
  const std::size_t found = bytes.size() - header->size;
  if (!header->dataBytes || *header->dataBytes > found) {
    throw InputError(
        where + "truncated: dims " + dimsText(header->dims) + " need " +
        (header->dataBytes ? std::to_string(*header->dataBytes) : std::string("more than 2^64")) +
        " bytes of data, found " + std::to_string(found) + "; download the file again");
  }
  if (*header->dataBytes < found) {
    throw InputError(where + "dims " + dimsText(header->dims) + " need " +
                     std::to_string(*header->dataBytes) + " bytes of data, found " +
                     std::to_string(found) + " (" + std::to_string(found - *header->dataBytes) +
                     " bytes too many); the file is not a valid IDX file");
  }
  IdxArray array;
  array.dims = header->dims;
  array.values.assign(bytes.begin() + static_cast<std::ptrdiff_t>(header->size), bytes.end());
  return array;
}

DataSplits readIdxFolder(const std::filesystem::path& folder, const std::string& name,
                         const std::vector<std::string>& classNames) {
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) {
    throw InputError(folder.string() + ": folder not found; give a folder holding " +
                     kExpectedFiles);
  }
  const bool defaultNames = classNames.empty();
  std::vector<std::string> names = classNames;

  DataSplits splits;
  splits.train =
      readIdxPart(requireIdxFile(folder, "train-images-idx3-ubyte"),
                  requireIdxFile(folder, "train-labels-idx1-ubyte"), name, names, defaultNames);

  const auto testImages = findIdxFile(folder, "t10k-images-idx3-ubyte");
  const auto testLabels = findIdxFile(folder, "t10k-labels-idx1-ubyte");
  if (testImages || testLabels) {
    // One test file without the other is a broken folder, not a folder without a test part.
    splits.test =
        readIdxPart(requireIdxFile(folder, "t10k-images-idx3-ubyte"),
                    requireIdxFile(folder, "t10k-labels-idx1-ubyte"), name, names, defaultNames);
    if (splits.test.exampleShape != splits.train.exampleShape) {
      throw InputError(testImages->string() + ": images are " + dimsText(splits.test.exampleShape) +
                       " but the training images are " + dimsText(splits.train.exampleShape) +
                       "; both must have the same size");
    }
  } else {
    splits.test.name = name;
    splits.test.task = TaskKind::Classification;
    splits.test.exampleShape = splits.train.exampleShape;
  }
  // Default names may have grown while reading the test part.
  splits.train.classNames = names;
  splits.test.classNames = names;
  return splits;
}

bool looksLikeIdxFolder(const std::filesystem::path& folder) {
  std::error_code ec;
  return std::filesystem::is_directory(folder, ec) &&
         findIdxFile(folder, "train-images-idx3-ubyte").has_value();
}

} // namespace lrscope::engine
