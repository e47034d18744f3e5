// A `lrscope train --config FILE` config as the command line reads it: cli::readJsonFile, then
// trainConfigFromJson and the checks of validate(). (A sweep reads its training setup the same
// way, from a stored run's config; it has no config file of its own.)
#include "call_reader.h"
#include "fuzz_temp_dir.h"

#include "cli/run_options.h"
#include "lrscope/engine/training_job.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static const lrscope::fuzz::FuzzTempDir dir;
  const auto file = dir.write("train.json", data, size);
  lrscope::fuzz::callReader([&] {
    lrscope::engine::trainConfigFromJson(lrscope::cli::readJsonFile(file.string())).validate();
  });
  return 0;
}
