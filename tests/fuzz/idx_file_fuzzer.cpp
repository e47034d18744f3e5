// readIdxFile on one file: an IDX array, raw or gzip-compressed (detected from the content).
#include "call_reader.h"
#include "fuzz_temp_dir.h"

#include "lrscope/engine/idx_reader.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static const lrscope::fuzz::FuzzTempDir dir;
  const auto file = dir.write("train-images-idx3-ubyte", data, size);
  lrscope::fuzz::callReader([&] { (void)lrscope::engine::readIdxFile(file); });
  return 0;
}
