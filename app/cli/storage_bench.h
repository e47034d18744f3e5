#pragma once

#include "lrscope/storage/benchmark_database.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lrscope::cli {

/// The benchmarks' temp folder, shared with `lrscope --ui-bench` (storage/benchmark_database.h).
using storage::BenchFolder;

struct StorageBenchOptions {
  std::filesystem::path dir;          ///< parent of the temp folder; empty = BenchFolder's pick
  std::filesystem::path keepDatabase; ///< build the query database here and keep it; must not exist
  int64_t insertSteps = 200000;       ///< steps fed to the writer per measurement
  int insertRepeats = 3;              ///< writer measurements per group count; the median is kept
  int runs = 1000;                    ///< runs in the query database
  int stepsPerRun = 1000;
  int64_t longRunSteps = 10000; ///< one more run of this many steps, for the downsampled load
  int queryRepeats = 15;        ///< repetitions of every query; the median is kept
};

/// Steps fed through a RunWriter as fast as they come: each is one step_metrics row and one
/// step_group_lrs row per group.
struct InsertFigures {
  int groups = 0;
  int64_t steps = 0;
  double seconds = 0.0; ///< the median measurement
  double stepsPerSecond = 0.0;
  double rowsPerSecond = 0.0;
  /// CPU time of the process over wall time in that measurement: well under 1 means other
  /// processes had the core, and the figures say more about the machine than the writer.
  double cpuShare = 0.0;
};

struct QueryFigures {
  std::string key;   ///< JSON key, e.g. "list_runs"
  std::string label; ///< what was asked, for the table
  double medianMs = 0.0;
  double minMs = 0.0;
  double maxMs = 0.0;
  std::optional<double> targetMs; ///< none: measured for reference
};

struct StorageBenchResult {
  std::string folder;
  std::string fileSystem;
  std::string keptDatabase; ///< empty unless options.keepDatabase
  std::vector<InsertFigures> inserts;
  double insertSeconds = 0.0; ///< wall time of the whole insert part
  double buildSeconds = 0.0;  ///< creating the query database
  std::vector<QueryFigures> queries;
  double querySeconds = 0.0; ///< wall time of all query repetitions
};

/// Issue 3's bars: rows per second through the writer, and the query times.
constexpr double kInsertTargetRowsPerSecond = 300000.0;

/// Measures the writer (1 and 2 groups), then builds a database of options.runs runs through
/// the RunDatabase API and times listRuns, loadSteps and loadRuns on it. progress receives one
/// line before each long part. Temp files are removed on every exit path. Throws InputError
/// for bad options, StorageError when the database fails.
[[nodiscard]] StorageBenchResult
runStorageBench(const StorageBenchOptions& options,
                const std::function<void(const std::string&)>& progress);

} // namespace lrscope::cli
