// readCifar10Folder on a folder built from one input: its parts, split at kNextFile, become
// data_batch_1.bin, test_batch.bin, batches.meta.txt and data_batch_2.bin in that order (a
// file is absent when the input has no part for it).
#include "call_reader.h"
#include "fuzz_temp_dir.h"

#include "lrscope/engine/cifar_reader.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

constexpr std::string_view kNextFile = "\n--lrscope-fuzz-next-file--\n";
constexpr std::array<const char*, 4> kFileNames = {"data_batch_1.bin", "test_batch.bin",
                                                   "batches.meta.txt", "data_batch_2.bin"};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static const lrscope::fuzz::FuzzTempDir dir;
  dir.clear();
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  for (const char* name : kFileNames) {
    const std::size_t end = rest.find(kNextFile);
    const std::string_view part = rest.substr(0, end);
    (void)dir.write(name, reinterpret_cast<const uint8_t*>(part.data()), part.size());
    if (end == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(end + kNextFile.size());
  }
  lrscope::fuzz::callReader([&] { (void)lrscope::engine::readCifar10Folder(dir.path()); });
  return 0;
}
