#include "cli/storage_bench.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/run_record.h"
#include "lrscope/storage/benchmark_database.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/run_writer.h"
#include "lrscope/storage/storage_error.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <random>
#include <utility>

namespace lrscope::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double processCpuSeconds() {
  timespec now{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

InsertFigures measureWriter(storage::RunDatabase& database, int groups,
                            const StorageBenchOptions& options) {
  const std::vector<engine::StepRecord> steps =
      storage::makeBenchmarkSteps(options.insertSteps, groups, static_cast<uint32_t>(groups));
  std::vector<std::pair<double, double>> seconds; // wall, CPU
  for (int repeat = 0; repeat < options.insertRepeats; ++repeat) {
    const int64_t id =
        database.createRun(storage::describeBenchmarkRun(repeat, options.insertSteps));
    const double cpuStart = processCpuSeconds();
    const auto start = Clock::now();
    storage::RunWriter writer(database, id);
    for (const engine::StepRecord& step : steps)
      writer.onStep(step);
    writer.finish(engine::RunStatus::Completed, "benchmark", secondsSince(start));
    seconds.emplace_back(secondsSince(start), processCpuSeconds() - cpuStart);
  }
  std::sort(seconds.begin(), seconds.end());
  const auto [wall, cpu] = seconds[seconds.size() / 2];
  InsertFigures figures;
  figures.groups = groups;
  figures.steps = options.insertSteps;
  figures.seconds = wall;
  figures.stepsPerSecond = static_cast<double>(options.insertSteps) / wall;
  // One step_metrics row per step, plus one step_group_lrs row per group when there are several.
  figures.rowsPerSecond = figures.stepsPerSecond * (1 + (groups > 1 ? groups : 0));
  figures.cpuShare = cpu / wall;
  return figures;
}

/// Runs query `repeats` times (passing the repetition's number) and keeps the spread.
template <typename Query>
QueryFigures timeQuery(std::string key, std::string label, std::optional<double> targetMs,
                       int repeats, Query&& query) {
  std::vector<double> ms;
  for (int repeat = 0; repeat < repeats; ++repeat) {
    const auto start = Clock::now();
    query(repeat);
    ms.push_back(secondsSince(start) * 1000.0);
  }
  std::sort(ms.begin(), ms.end());
  return {std::move(key), std::move(label), ms[ms.size() / 2], ms.front(), ms.back(), targetMs};
}

void expectCount(const fs::path& file, const std::string& what, std::size_t got,
                 std::size_t expected) {
  if (got != expected)
    throw storage::StorageError(file.string() + ": " + what + " returned " + std::to_string(got) +
                                ", expected " + std::to_string(expected));
}

std::vector<QueryFigures> measureQueries(const fs::path& file, const std::vector<int64_t>& runIds,
                                         int64_t longRunId, const StorageBenchOptions& options) {
  const int repeats = options.queryRepeats;
  const auto runs = static_cast<std::size_t>(options.runs);
  const auto steps = static_cast<std::size_t>(options.stepsPerRun);
  std::vector<QueryFigures> figures;
  figures.push_back(timeQuery("open_database", "open the database", std::nullopt, repeats,
                              [&](int) { const storage::RunDatabase again(file); }));
  const storage::RunDatabase database(file);
  figures.push_back(
      timeQuery("list_runs", "listRuns() of " + std::to_string(runs + 1) + " runs", 50.0, repeats,
                [&](int) { expectCount(file, "listRuns", database.listRuns().size(), runs + 1); }));
  figures.push_back(timeQuery(
      "load_steps", "loadSteps(id): one curve of " + std::to_string(steps) + " steps", 20.0,
      repeats, [&](int repeat) {
        const int64_t id = runIds[static_cast<std::size_t>(repeat * 37 + 11) % runIds.size()];
        expectCount(file, "loadSteps", database.loadSteps(id).size(), steps);
      }));
  figures.push_back(
      timeQuery("load_runs_20", "loadRuns(20 ids): 20 curves for comparison", 100.0, repeats,
                [&](int repeat) {
                  std::vector<int64_t> ids = runIds;
                  std::shuffle(ids.begin(), ids.end(), std::mt19937(static_cast<uint32_t>(repeat)));
                  ids.resize(std::min<std::size_t>(20, ids.size()));
                  const std::vector<storage::RunCurve> curves = database.loadRuns(ids);
                  expectCount(file, "loadRuns", curves.size(), ids.size());
                  for (const storage::RunCurve& curve : curves)
                    expectCount(file, "loadRuns", curve.steps.size(), steps);
                }));
  const std::string longSteps = std::to_string(options.longRunSteps);
  figures.push_back(timeQuery("load_steps_long",
                              "loadSteps(id): one curve of " + longSteps + " steps", std::nullopt,
                              repeats, [&](int) {
                                expectCount(file, "loadSteps", database.loadSteps(longRunId).size(),
                                            static_cast<std::size_t>(options.longRunSteps));
                              }));
  figures.push_back(timeQuery(
      "load_steps_downsampled", "loadSteps(id, 1000): " + longSteps + " steps downsampled",
      std::nullopt, repeats, [&](int) {
        // "At most about 1000": anything near the full curve would time the wrong thing.
        const std::size_t points = database.loadSteps(longRunId, 1000).size();
        if (points < 2 || points > 2000)
          expectCount(file, "loadSteps(id, 1000)", points, 1000);
      }));
  return figures;
}

/// Removes a database file with its SQLite companions unless released.
class DatabaseFileGuard {
public:
  explicit DatabaseFileGuard(fs::path file) : m_file(std::move(file)) {}
  ~DatabaseFileGuard() {
    if (m_file.empty())
      return;
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      fs::remove(m_file.string() + suffix, ignored);
  }
  DatabaseFileGuard(const DatabaseFileGuard&) = delete;
  DatabaseFileGuard& operator=(const DatabaseFileGuard&) = delete;
  void release() { m_file.clear(); }

private:
  fs::path m_file;
};

} // namespace

StorageBenchResult runStorageBench(const StorageBenchOptions& options,
                                   const std::function<void(const std::string&)>& progress) {
  if (options.insertSteps < 1000 || options.insertRepeats < 1 || options.runs < 20 ||
      options.stepsPerRun < 10 || options.longRunSteps < 2000 || options.queryRepeats < 1)
    throw engine::InputError("storage benchmark: at least 1000 insert steps, 20 runs of 10 "
                             "steps, a long run of 2000 steps and 1 repeat");
  if (!options.keepDatabase.empty() && fs::exists(options.keepDatabase))
    throw engine::InputError("--keep-db " + options.keepDatabase.string() +
                             ": already exists; name a new file");
  BenchFolder folder(options.dir);
  StorageBenchResult result;
  result.folder = folder.path().string();
  result.fileSystem = folder.fileSystem();

  progress("writer: " + std::to_string(options.insertSteps) + " steps x " +
           std::to_string(options.insertRepeats) + ", 1 and 2 groups");
  const auto insertStart = Clock::now();
  {
    const fs::path file = folder.file("insert.db");
    const DatabaseFileGuard removeAfter(file); // frees the disk before the next part
    storage::RunDatabase database(file);
    // Untimed: the first commits also grow the write-ahead log to its working size.
    StorageBenchOptions warmUp = options;
    warmUp.insertSteps = std::min<int64_t>(options.insertSteps, 50000);
    warmUp.insertRepeats = 1;
    (void)measureWriter(database, 1, warmUp);
    for (const int groups : {1, 2})
      result.inserts.push_back(measureWriter(database, groups, options));
  }
  result.insertSeconds = secondsSince(insertStart);

  const fs::path file =
      options.keepDatabase.empty() ? folder.file("queries.db") : options.keepDatabase;
  if (!options.keepDatabase.empty())
    folder.removeOnSignal(file);
  DatabaseFileGuard removeOnFailure(file);
  progress("building " + std::to_string(options.runs) + " runs x " +
           std::to_string(options.stepsPerRun) + " steps and one of " +
           std::to_string(options.longRunSteps) + " in " + file.string());
  const auto buildStart = Clock::now();
  std::vector<int64_t> runIds;
  int64_t longRunId = 0;
  {
    storage::RunDatabase database(file);
    runIds = storage::storeBenchmarkRuns(database, options.runs, options.stepsPerRun);
    longRunId = storage::storeBenchmarkRun(database, options.runs, options.longRunSteps);
  }
  result.buildSeconds = secondsSince(buildStart);

  progress("queries: " + std::to_string(options.queryRepeats) + " repetitions each");
  const auto queryStart = Clock::now();
  result.queries = measureQueries(file, runIds, longRunId, options);
  result.querySeconds = secondsSince(queryStart);
  if (!options.keepDatabase.empty()) {
    folder.keep(file);
    removeOnFailure.release();
    result.keptDatabase = options.keepDatabase.string();
  }
  return result;
}

} // namespace lrscope::cli
