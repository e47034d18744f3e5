#include "data/file_bytes.h"

#include "lrscope/engine/atomic_file.h"
#include "lrscope/engine/input_error.h"

#include <zlib.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <system_error>

namespace lrscope::engine {

namespace {

/// The most one gzread asks for (its length is an unsigned int, its result an int).
constexpr std::size_t kMaxRead = std::size_t{1} << 30;
/// zlib's buffers (it holds three times this) sized to the file: a small file's few bytes do
/// not need megabytes, a large one is read in 1 MiB steps.
constexpr std::uintmax_t kMinZlibBuffer = 8U << 10;
constexpr std::uintmax_t kMaxZlibBuffer = 1U << 20;
constexpr std::size_t kMinCapacity = 4U << 10;

struct GzFileCloser {
  void operator()(gzFile file) const { gzclose(file); }
};
using GzFilePtr = std::unique_ptr<std::remove_pointer_t<gzFile>, GzFileCloser>;

/// The vector's first size: the file's size and one byte more, so that a raw file is read in
/// one go into exactly its size and the read that finds its end needs no new memory. Gzip
/// data starts there too and doubles as it inflates.
std::size_t initialCapacity(std::uintmax_t fileSize, const std::error_code& sizeError) {
  if (sizeError || fileSize >= std::numeric_limits<std::size_t>::max() / 4) {
    return kMinCapacity;
  }
  return std::max(kMinCapacity, static_cast<std::size_t>(fileSize) + 1);
}

} // namespace

std::vector<uint8_t> readFileBytes(const std::filesystem::path& file,
                                   const SizeFromHeader* header) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    throw InputError(file.string() + ": file not found");
  }
  if (std::filesystem::is_directory(file, ec)) {
    throw InputError(file.string() + ": is a folder, expected a file");
  }
  rememberInputFile(file);
  const GzFilePtr gz(gzopen(file.c_str(), "rb"));
  if (!gz) {
    throw InputError(file.string() + ": cannot open the file for reading; check its permissions");
  }
  std::error_code sizeError;
  const std::uintmax_t fileSize = std::filesystem::file_size(file, sizeError);
  gzbuffer(gz.get(), static_cast<unsigned>(
                         std::clamp(sizeError ? 0 : fileSize, kMinZlibBuffer, kMaxZlibBuffer)));

  // Grown by doubling, never by a fixed step: reading costs at most twice the content.
  std::vector<uint8_t> bytes(initialCapacity(fileSize, sizeError));
  std::size_t used = 0;
  const bool compressed = gzdirect(gz.get()) == 0;
  std::optional<std::uint64_t> declared;
  for (;;) {
    if (used == bytes.size()) {
      bytes.resize(bytes.size() * 2);
    }
    const std::size_t wanted = std::min(bytes.size() - used, kMaxRead);
    const int got = gzread(gz.get(), bytes.data() + used, static_cast<unsigned>(wanted));
    if (got < 0) {
      int code = Z_OK;
      const char* message = gzerror(gz.get(), &code);
      throw InputError(file.string() + ": the compressed data is damaged (" +
                       (message ? message : "unknown zlib error") + "); download the file again");
    }
    used += static_cast<std::size_t>(got);
    if (header && compressed) {
      if (!declared) {
        declared = header->declaredSize(bytes.data(), used);
      }
      if (declared && used > *declared) {
        throw InputError(file.string() + ": the compressed data inflates to more than the " +
                         std::to_string(*declared) + " bytes its " + header->format +
                         " header declares (stopped after " + std::to_string(used) +
                         "); the file is not a valid " + header->format + " file");
      }
    }
    if (static_cast<std::size_t>(got) < wanted) {
      break; // gzread returns less than asked only at the end of the data
    }
  }
  bytes.resize(used);
  int code = Z_OK;
  const char* message = gzerror(gz.get(), &code);
  if (code != Z_OK) {
    throw InputError(file.string() + ": the compressed data is damaged or cut short (" +
                     (message ? message : "unknown zlib error") + "); download the file again");
  }
  return bytes;
}

} // namespace lrscope::engine
