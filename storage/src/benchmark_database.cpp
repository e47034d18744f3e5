#include "lrscope/storage/benchmark_database.h"

#include "lrscope/engine/find_config.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/lr_range_rule.h"
#include "lrscope/engine/suggestion_rules.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <sys/vfs.h>
#include <unistd.h>
#include <utility>

namespace lrscope::storage {
namespace {

namespace fs = std::filesystem;

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

} // namespace

std::vector<engine::StepRecord> makeBenchmarkSteps(int64_t count, int groups, uint32_t seed) {
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

NewRun describeBenchmarkRun(int index, int64_t steps) {
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
  NewRun run;
  run.experiment = kExperiments[static_cast<std::size_t>(index) % kExperiments.size()];
  run.configJson = engine::toJson(config).dump();
  run.seed = config.rangeTest.seed;
  run.dataset = config.data.source;
  run.model = config.model.name;
  return run;
}

int64_t storeBenchmarkRun(RunDatabase& database, int index, int64_t steps) {
  const int64_t id = database.createRun(describeBenchmarkRun(index, steps));
  engine::RangeTestResult result;
  result.steps = makeBenchmarkSteps(steps, 2, static_cast<uint32_t>(index) + 100);
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

std::vector<int64_t> storeBenchmarkRuns(RunDatabase& database, int count, int64_t steps,
                                        int firstIndex) {
  std::vector<int64_t> ids;
  ids.reserve(static_cast<std::size_t>(std::max(count, 0)));
  for (int index = firstIndex; index < firstIndex + count; ++index)
    ids.push_back(storeBenchmarkRun(database, index, steps));
  return ids;
}

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

} // namespace lrscope::storage
