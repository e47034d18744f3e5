// readCurveImport on one file: what `lrscope import` and the app's import read, an LR Scope
// run export's names, config, steps, events and range included.
#include "call_reader.h"
#include "fuzz_temp_dir.h"

#include "lrscope/storage/curve_import.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static const lrscope::fuzz::FuzzTempDir dir;
  const auto file = dir.write("curve", data, size);
  lrscope::fuzz::callReader([&] { (void)lrscope::storage::readCurveImport(file); });
  return 0;
}
