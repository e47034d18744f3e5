// readLrEvents on one file: `lrscope train --lr-events`, "STEP set LR" or "STEP scale FACTOR"
// per line.
#include "call_reader.h"
#include "fuzz_temp_dir.h"

#include "lrscope/engine/lr_events.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static const lrscope::fuzz::FuzzTempDir dir;
  const auto file = dir.write("events.txt", data, size);
  lrscope::fuzz::callReader([&] { (void)lrscope::engine::readLrEvents(file); });
  return 0;
}
