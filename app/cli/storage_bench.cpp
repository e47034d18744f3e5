#include "cli/storage_bench.h"

#include "lrscope/engine/find_config.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/lr_range_rule.h"
#include "lrscope/engine/run_record.h"
#include "lrscope/engine/suggestion_rules.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/run_writer.h"
#include "lrscope/storage/storage_error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <sys/vfs.h>
#include <unistd.h>
#include <utility>

namespace lrscope::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string fileSystemName(const fs::path& folder) {
  // statfs magic numbers (linux/magic.h and the file systems' own headers).
  static constexpr std::pair<uint32_t, const char*> kNames[] = {
      {0xEF53, "ext4"},      {0x58465342, "xfs"},     {0x9123683E, "btrfs"}, {0x01021994, "tmpfs"},
      {0x858458F6, "ramfs"}, {0x794C7630, "overlay"}, {0x2FC12FC1, "zfs"},   {0xF2F52010, "f2fs"},
      {0x6969, "nfs"},       {0x65735546, "fuse"},    {0x4D44, "vfat"}};
  struct statfs info {};
  if (::statfs(folder.c_str(), &info) != 0)
    return "unknown";
  const auto magic = static_cast<uint32_t>(info.f_type);
  for (const auto& [number, name] : kNames)
    if (number == magic)
      return name;
  char hex[16];
  std::snprintf(hex, sizeof(hex), "0x%X", magic);
  return hex;
}

double processCpuSeconds() {
  timespec now{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

bool inMemory(const std::string& fileSystem) {
  return fileSystem == "tmpfs" || fileSystem == "ramfs";
}

// What the signal handler removes: filled before it can run, only read by it.
constexpr std::size_t kMaxSignalFiles = 32;
constexpr std::size_t kMaxPath = 4096;
char g_signalFiles[kMaxSignalFiles][kMaxPath];
volatile std::sig_atomic_t g_signalFileCount = 0;
char g_signalFolder[kMaxPath];
constexpr std::array<int, 3> kCleanupSignals{SIGINT, SIGTERM, SIGHUP};
std::array<struct sigaction, kCleanupSignals.size()> g_previousActions{};
std::array<bool, kCleanupSignals.size()> g_installed{};

/// Only async-signal-safe calls: unlink, rmdir, raise.
void removeOnSignalHandler(int signal) {
  for (std::sig_atomic_t i = 0; i < g_signalFileCount; ++i)
    if (g_signalFiles[i][0] != '\0')
      ::unlink(g_signalFiles[i]);
  ::rmdir(g_signalFolder);
  ::raise(signal); // the handler was reset (SA_RESETHAND): the default action, on return
}

void installSignalCleanup(const fs::path& folder) {
  const std::string text = folder.string();
  std::memcpy(g_signalFolder, text.c_str(), std::min(text.size() + 1, kMaxPath - 1));
  g_signalFileCount = 0;
  for (std::size_t i = 0; i < kCleanupSignals.size(); ++i) {
    struct sigaction previous {};
    g_installed[i] = false;
    if (::sigaction(kCleanupSignals[i], nullptr, &previous) != 0 || previous.sa_handler == SIG_IGN)
      continue; // e.g. nohup: leave it ignored
    struct sigaction action {};
    action.sa_handler = removeOnSignalHandler;
    action.sa_flags = SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    g_installed[i] = ::sigaction(kCleanupSignals[i], &action, &g_previousActions[i]) == 0;
  }
}

void removeSignalCleanup() {
  for (std::size_t i = 0; i < kCleanupSignals.size(); ++i)
    if (g_installed[i])
      ::sigaction(kCleanupSignals[i], &g_previousActions[i], nullptr);
  g_signalFileCount = 0;
}

/// A database file and the companions SQLite writes beside it.
std::vector<std::string> withCompanions(const fs::path& file) {
  const std::string text = file.string();
  return {text, text + "-wal", text + "-shm", text + "-journal"};
}

/// mkdtemp in parent; an empty path and errno set when that fails.
fs::path makeFolderIn(const fs::path& parent) {
  std::string pattern = (parent / "lrscope-bench-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr)
    return {};
  return pattern;
}

/// A range test's steps as the engine records them: an exponential LR ladder from 1e-7 to 10
/// (the second group at a tenth of the first), a loss that falls, flattens and blows up, with
/// batch noise, its smoothed value, the batch accuracy of 64 examples, and a validation point
/// every 100 steps.
std::vector<engine::StepRecord> makeSteps(int64_t count, int groups, uint32_t seed) {
  std::mt19937 random(seed);
  std::normal_distribution<double> noise(0.0, 0.08);
  std::uniform_int_distribution<int> correct(0, 64);
  std::vector<engine::StepRecord> steps(static_cast<std::size_t>(count));
  constexpr double kBeta = 0.98;
  double average = 0.0;
  double betaPower = 1.0;
  for (int64_t i = 0; i < count; ++i) {
    const double t = count > 1 ? static_cast<double>(i) / static_cast<double>(count - 1) : 0.0;
    const double lr = 1e-7 * std::pow(1e8, t);
    const double base = t < 0.75 ? 2.3 - 1.9 * t / 0.75 : 0.4 * std::exp((t - 0.75) * 12.0);
    engine::StepRecord& record = steps[static_cast<std::size_t>(i)];
    record.step = static_cast<int>(i);
    record.groupLrs.assign(static_cast<std::size_t>(groups), lr);
    for (int group = 1; group < groups; ++group)
      record.groupLrs[static_cast<std::size_t>(group)] = lr * std::pow(0.1, group);
    record.loss = base * std::exp(noise(random));
    average = kBeta * average + (1.0 - kBeta) * record.loss;
    betaPower *= kBeta;
    record.smoothedLoss = average / (1.0 - betaPower);
    record.batchAccuracy = correct(random) / 64.0;
    record.wallSeconds = 0.004 * static_cast<double>(i + 1) * (1.0 + 0.01 * noise(random));
    if (i % 100 == 0) {
      record.validationLoss = base * 1.05;
      record.validationAccuracy = std::clamp(1.0 - base / 2.5, 0.0, 1.0);
    }
  }
  return steps;
}

storage::NewRun describeRun(int index, int64_t steps) {
  static const std::array<const char*, 8> kExperiments{
      "default",      "baseline",   "wide mlp",       "cnn sweep",
      "augmentation", "optimizers", "batch size 256", "weight decay"};
  static const std::array<const char*, 4> kDatasets{"fashion-mnist", "mnist", "cifar10",
                                                    "csv:housing.csv"};
  static const std::array<const char*, 3> kModels{"mlp", "cnn", "resnet"};
  engine::FindConfig config;
  config.data.source = kDatasets[static_cast<std::size_t>(index) % kDatasets.size()];
  config.model.name = kModels[static_cast<std::size_t>(index) % kModels.size()];
  config.rangeTest.iterations = static_cast<int>(steps);
  config.rangeTest.seed = static_cast<uint64_t>(index) + 1;
  storage::NewRun run;
  run.experiment = kExperiments[static_cast<std::size_t>(index) % kExperiments.size()];
  run.configJson = engine::toJson(config).dump();
  run.seed = config.rangeTest.seed;
  run.dataset = config.data.source;
  run.model = config.model.name;
  return run;
}

/// One finished run as `lrscope find --db` leaves it: steps, status, suggestions and range;
/// some runs tagged, a few with notes.
int64_t storeRun(storage::RunDatabase& database, int index, int64_t steps) {
  const int64_t id = database.createRun(describeRun(index, steps));
  engine::RangeTestResult result;
  result.steps = makeSteps(steps, 2, static_cast<uint32_t>(index) + 100);
  database.appendSteps(id, result.steps);
  const bool diverged = index % 7 == 3;
  database.finishRun(id, diverged ? engine::RunStatus::Diverged : engine::RunStatus::Completed,
                     diverged ? "smoothed loss 9.1 > 4 x best 2.2 at lr 3.2"
                              : "completed " + std::to_string(steps) + " steps",
                     result.steps.back().wallSeconds);
  const engine::LrCurve curve = result.curve();
  database.saveSuggestions(id, engine::suggestAll(curve), engine::LrRangeRule::apply(curve).range);
  std::vector<std::string> tags;
  if (index % 3 == 0)
    tags.emplace_back("baseline");
  if (index % 5 == 0)
    tags.emplace_back("sweep");
  if (index % 10 == 0)
    tags.emplace_back("keep");
  if (!tags.empty())
    database.setTags(id, tags);
  if (index % 20 == 0)
    database.setNotes(id, "valley looks late here; rerun with batch 128 and compare");
  return id;
}

InsertFigures measureWriter(storage::RunDatabase& database, int groups,
                            const StorageBenchOptions& options) {
  const std::vector<engine::StepRecord> steps =
      makeSteps(options.insertSteps, groups, static_cast<uint32_t>(groups));
  std::vector<std::pair<double, double>> seconds; // wall, CPU
  for (int repeat = 0; repeat < options.insertRepeats; ++repeat) {
    const int64_t id = database.createRun(describeRun(repeat, options.insertSteps));
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

BenchFolder::BenchFolder(const fs::path& parent) {
  if (!parent.empty()) {
    std::error_code error;
    if (!fs::is_directory(parent, error))
      throw engine::InputError("--dir " + parent.string() + ": not a folder");
    m_path = makeFolderIn(parent);
    if (m_path.empty())
      throw engine::InputError("--dir " + parent.string() + ": cannot create a folder there (" +
                               std::strerror(errno) + ")");
  } else {
    std::vector<fs::path> candidates;
    if (const char* tmpdir = std::getenv("TMPDIR"); tmpdir != nullptr && *tmpdir != '\0')
      candidates.emplace_back(tmpdir);
    candidates.emplace_back("/var/tmp");
    candidates.emplace_back("/tmp");
    // On a disk first; a folder in memory only when there is nothing else.
    for (const bool allowMemory : {false, true}) {
      for (const fs::path& candidate : candidates) {
        std::error_code error;
        if (m_path.empty() && fs::is_directory(candidate, error) &&
            (allowMemory || !inMemory(fileSystemName(candidate))))
          m_path = makeFolderIn(candidate);
      }
    }
    if (m_path.empty())
      throw engine::InputError(
          "no temp folder can be written ($TMPDIR, /var/tmp, /tmp); name one with --dir");
  }
  m_fileSystem = fileSystemName(m_path);
  installSignalCleanup(m_path);
}

BenchFolder::~BenchFolder() {
  removeSignalCleanup();
  std::error_code ignored;
  fs::remove_all(m_path, ignored);
}

fs::path BenchFolder::file(const std::string& name) {
  const fs::path file = m_path / name;
  removeOnSignal(file);
  return file;
}

void BenchFolder::removeOnSignal(const fs::path& file) {
  for (const std::string& path : withCompanions(file)) {
    const std::sig_atomic_t count = g_signalFileCount;
    if (path.size() >= kMaxPath || static_cast<std::size_t>(count) >= kMaxSignalFiles)
      continue; // left behind only if a signal comes
    std::memcpy(g_signalFiles[count], path.c_str(), path.size() + 1);
    std::atomic_signal_fence(std::memory_order_release); // the path before the count
    g_signalFileCount = count + 1;
  }
}

void BenchFolder::keep(const fs::path& file) {
  for (const std::string& path : withCompanions(file))
    for (std::sig_atomic_t i = 0; i < g_signalFileCount; ++i)
      if (path == g_signalFiles[i])
        g_signalFiles[i][0] = '\0';
}

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
    for (int index = 0; index < options.runs; ++index)
      runIds.push_back(storeRun(database, index, options.stepsPerRun));
    longRunId = storeRun(database, options.runs, options.longRunSteps);
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
