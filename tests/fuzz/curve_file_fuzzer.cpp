// detectCurveFormat and readCurveFile on one file: a loss-vs-LR curve as CSV (lr/loss or
// fastai's lrs/losses) or JSON (pytorch-lr-finder's history or LR Scope's run export).
#include "call_reader.h"
#include "fuzz_temp_dir.h"

#include "lrscope/engine/curve_file.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static const lrscope::fuzz::FuzzTempDir dir;
  const auto file = dir.write("curve", data, size);
  lrscope::fuzz::callReader([&] { (void)lrscope::engine::detectCurveFormat(file); });
  lrscope::fuzz::callReader([&] { (void)lrscope::engine::readCurveFile(file); });
  return 0;
}
