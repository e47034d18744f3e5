// Opens one file as an LR Scope database, as every command and the app do, and reads what a
// listing and `lrscope show` read: the runs, then the first few runs' details, steps and
// events. Any file must be opened or refused with a StorageError, never crash.
#include "call_reader.h"
#include "fuzz_temp_dir.h"

#include "lrscope/storage/run_database.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace {

constexpr std::size_t kRunsLoaded = 3;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static const lrscope::fuzz::FuzzTempDir dir;
  dir.clear(); // the -wal and -shm files of the previous input
  const auto file = dir.write("runs.db", data, size);
  lrscope::fuzz::callReader([&] {
    lrscope::storage::RunDatabase database(file);
    const auto runs = database.listRuns();
    (void)database.listExperiments();
    for (std::size_t i = 0; i < std::min(runs.size(), kRunsLoaded); ++i) {
      (void)database.loadRun(runs[i].id);
      (void)database.loadSteps(runs[i].id);
      (void)database.loadEvents(runs[i].id);
    }
  });
  return 0;
}
