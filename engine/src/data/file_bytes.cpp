#include "data/file_bytes.h"

#include "lrscope/engine/atomic_file.h"
#include "lrscope/engine/input_error.h"

#include <zlib.h>

#include <limits>
#include <memory>
#include <system_error>

namespace lrscope::engine {

namespace {

constexpr unsigned kChunkSize = 1U << 20;

struct GzFileCloser {
  void operator()(gzFile file) const { gzclose(file); }
};
using GzFilePtr = std::unique_ptr<std::remove_pointer_t<gzFile>, GzFileCloser>;

} // namespace

std::vector<uint8_t> readFileBytes(const std::filesystem::path& file) {
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
  gzbuffer(gz.get(), kChunkSize);

  std::vector<uint8_t> bytes;
  const auto size = std::filesystem::file_size(file, ec);
  if (!ec && size < std::numeric_limits<std::size_t>::max() / 4) {
    bytes.reserve(static_cast<std::size_t>(size)); // exact for raw files, a start for gzip
  }
  for (;;) {
    const std::size_t used = bytes.size();
    bytes.resize(used + kChunkSize);
    const int got = gzread(gz.get(), bytes.data() + used, kChunkSize);
    if (got < 0) {
      int code = Z_OK;
      const char* message = gzerror(gz.get(), &code);
      throw InputError(file.string() + ": the compressed data is damaged (" +
                       (message ? message : "unknown zlib error") + "); download the file again");
    }
    bytes.resize(used + static_cast<std::size_t>(got));
    if (static_cast<unsigned>(got) < kChunkSize) {
      break;
    }
  }
  int code = Z_OK;
  const char* message = gzerror(gz.get(), &code);
  if (code != Z_OK) {
    throw InputError(file.string() + ": the compressed data is damaged or cut short (" +
                     (message ? message : "unknown zlib error") + "); download the file again");
  }
  return bytes;
}

} // namespace lrscope::engine
