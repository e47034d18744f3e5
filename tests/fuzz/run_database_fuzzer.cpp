// Opens one file as an LR Scope database, read-only as `lrscope runs`, `show` and `export` do,
// then read-write as the app and the commands that store runs do (migrating an older schema),
// each time on a fresh copy of the input, and reads what a listing and `lrscope show` read:
// the runs and experiments, then the first few runs' details, steps and events. Any file must
// be opened or refused with a StorageError, never crash.
#include "call_reader.h"
#include "fuzz_temp_dir.h"

#include "lrscope/storage/run_database.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace {

using lrscope::storage::RunDatabase;

constexpr std::size_t kRunsLoaded = 3;

void openAndRead(const lrscope::fuzz::FuzzTempDir& dir, const uint8_t* data, std::size_t size,
                 RunDatabase::Access access) {
  dir.clear(); // the -wal and -shm files of the previous open
  const auto file = dir.write("runs.db", data, size);
  lrscope::fuzz::callReader([&] {
    const RunDatabase database(file, access);
    const auto runs = database.listRuns();
    (void)database.listExperiments();
    for (std::size_t i = 0; i < std::min(runs.size(), kRunsLoaded); ++i) {
      (void)database.loadRun(runs[i].id);
      (void)database.loadSteps(runs[i].id);
      (void)database.loadEvents(runs[i].id);
    }
  });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static const lrscope::fuzz::FuzzTempDir dir;
  openAndRead(dir, data, size, RunDatabase::Access::ReadOnly);
  openAndRead(dir, data, size, RunDatabase::Access::ReadWrite);
  return 0;
}
