#pragma once

// What the benchmarks share (`lrscope bench --storage`, `lrscope --ui-bench`): a temp folder
// that cleans up after itself, and databases of synthetic finished range tests.
#include "lrscope/engine/run_record.h"
#include "lrscope/storage/run_database.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace lrscope::storage {

/// A fresh folder for benchmark databases, removed with everything in it when destroyed, and
/// the files named through it also when SIGINT, SIGTERM or SIGHUP stops the process. One at a
/// time. Kept beside the database builder below, its only users being the benchmarks.
class BenchFolder {
public:
  /// Creates lrscope-bench-XXXXXX in parent; with no parent, in the first of $TMPDIR,
  /// /var/tmp, /tmp that is on a disk (tmpfs would flatter the figures), else in the first
  /// that can be written. Throws InputError naming the folder that cannot be written.
  explicit BenchFolder(const std::filesystem::path& parent = {});
  ~BenchFolder();
  BenchFolder(const BenchFolder&) = delete;
  BenchFolder& operator=(const BenchFolder&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
  /// The file system the folder is on: "ext4", "xfs", "tmpfs", ...
  [[nodiscard]] const std::string& fileSystem() const { return m_fileSystem; }

  /// A database file in the folder, removed with its -wal, -shm and -journal also on a signal.
  [[nodiscard]] std::filesystem::path file(const std::string& name);
  /// The same for a database elsewhere (--keep-db while it is being built), until kept.
  void removeOnSignal(const std::filesystem::path& file);
  /// Stops removing a file given to removeOnSignal.
  void keep(const std::filesystem::path& file);

private:
  std::filesystem::path m_path;
  std::string m_fileSystem;
};

/// A range test's steps as the engine records them: an exponential LR ladder from 1e-7 to 10
/// (each further group at a tenth of the one before), a loss that falls, flattens and blows
/// up, with batch noise, its smoothed value, the batch accuracy of 64 examples, and a
/// validation point every 100 steps. The same seed gives the same steps.
[[nodiscard]] std::vector<engine::StepRecord> makeBenchmarkSteps(int64_t count, int groups,
                                                                 uint32_t seed);

/// What the index-th benchmark run says about itself: one of 8 experiments, 4 data sets and 3
/// models in turn, and its full config.
[[nodiscard]] NewRun describeBenchmarkRun(int index, int64_t steps);

/// Stores one finished run as `lrscope find --db` leaves it: `steps` steps of 2 groups, status
/// (every 7th diverged), suggestions and range; every 3rd, 5th and 10th run tagged, every 20th
/// with notes. Returns its id. Throws StorageError.
int64_t storeBenchmarkRun(RunDatabase& database, int index, int64_t steps);

/// Stores runs number firstIndex .. firstIndex + count - 1 (storeBenchmarkRun) and returns
/// their ids in that order.
std::vector<int64_t> storeBenchmarkRuns(RunDatabase& database, int count, int64_t steps,
                                        int firstIndex = 0);

} // namespace lrscope::storage
