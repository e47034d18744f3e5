// A `lrscope train --config FILE` config as the command line reads it: readJsonInputFile
// (depth-limited JSON), then trainConfigFromJson and the checks of validate(). (A sweep reads its
// training setup the same way, from a stored run's config; it has no config file of its own.)
#include "call_reader.h"
#include "fuzz_temp_dir.h"

#include "lrscope/engine/json_input.h"
#include "lrscope/engine/training_job.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static const lrscope::fuzz::FuzzTempDir dir;
  const auto file = dir.write("train.json", data, size);
  lrscope::fuzz::callReader([&] {
    lrscope::engine::trainConfigFromJson(lrscope::engine::readJsonInputFile(file.string()))
        .validate();
  });
  return 0;
}
