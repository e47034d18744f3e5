// A `lrscope find --config FILE` config as the command line reads it: readJsonInputFile
// (depth-limited JSON), then findConfigFromJson and the checks of validate().
#include "call_reader.h"
#include "fuzz_temp_dir.h"

#include "lrscope/engine/find_config.h"
#include "lrscope/engine/json_input.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static const lrscope::fuzz::FuzzTempDir dir;
  const auto file = dir.write("find.json", data, size);
  lrscope::fuzz::callReader([&] {
    lrscope::engine::findConfigFromJson(lrscope::engine::readJsonInputFile(file.string()))
        .validate();
  });
  return 0;
}
