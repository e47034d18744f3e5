#include "cli/repeated_find.h"

#include "cli/run_options.h"
#include "cli/shard_task.h"
#include "cli/stored_run_scope.h"
#include "cli/text_report.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/repeated_range_test_job.h"
#include "lrscope/storage/sharded_runs.h"
#include "lrscope/storage/stored_repeated_range_test.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

namespace lrscope::cli {
namespace {

/// Prints one line per repeat as it starts and ends, and forwards to the store. Repeats call it
/// from their own threads: lines are written whole, one at a time.
class RepeatProgress : public engine::RepeatedRangeTestListener {
public:
  RepeatProgress(engine::RepeatedRangeTestListener* store, int repeats, bool quiet)
      : m_store(store), m_repeats(repeats), m_quiet(quiet) {}

  engine::RunObserver* repeatStarted(int index, const engine::FindConfig& config) override {
    say("  repeat " + std::to_string(index + 1) + "/" + std::to_string(m_repeats) + " (seed " +
        std::to_string(config.rangeTest.seed) +
        "): " + std::to_string(config.rangeTest.iterations) + " steps");
    return m_store ? m_store->repeatStarted(index, config) : nullptr;
  }
  void repeatFinished(int index, const engine::FindReport& report) override {
    if (m_store)
      m_store->repeatFinished(index, report);
    say("  repeat " + std::to_string(index + 1) + "/" + std::to_string(m_repeats) + " " +
        engine::toString(report.result.status) + ", " + std::to_string(report.result.steps.size()) +
        " steps in " + formatDuration(report.testSeconds));
  }

private:
  void say(const std::string& line) {
    if (m_quiet)
      return;
    const std::lock_guard<std::mutex> lock(m_mutex);
    std::cerr << line << "\n";
  }

  engine::RepeatedRangeTestListener* m_store;
  int m_repeats;
  bool m_quiet;
  std::mutex m_mutex;
};

std::string formatRepeatedReport(const engine::RepeatedRangeTestReport& report) {
  std::ostringstream out;
  const engine::FindConfig& c = report.config;
  const engine::FindReport* first = report.repeats.empty() ? nullptr : &report.repeats.front();
  out << "Repeated range test: " << (first ? first->modelName : c.model.name) << " on "
      << (first ? first->datasetName : c.data.source);
  if (first)
    out << " (sample " << first->sampleSize << ")";
  out << ", " << c.repeats.count << " repeats with seeds " << c.rangeTest.seed << ".."
      << c.rangeTest.seed + static_cast<uint64_t>(c.repeats.count - 1) << ", "
      << (c.repeats.resample ? "each its own sample" : "one sample") << "\n"
      << (first ? classesLine(first->classNames) : std::string()) << "\n";
  for (const std::string& warning : report.warnings)
    out << "warning: " << warning << "\n";
  out << formatRepeatSummary(report.summary);
  out << "\n  repeat  seed        status     steps  range\n";
  for (std::size_t i = 0; i < report.repeats.size(); ++i) {
    const engine::FindReport& r = report.repeats[i];
    char line[120];
    std::snprintf(line, sizeof line, "  %-7zu %-11llu %-10s %5zu  ", i + 1,
                  static_cast<unsigned long long>(r.config.rangeTest.seed),
                  engine::toString(r.result.status).c_str(), r.result.steps.size());
    out << line
        << (r.range.range ? formatLr(r.range.range->lower) + " .. " + formatLr(r.range.range->upper)
                          : "no range: " + r.range.reason)
        << "\n";
  }
  return out.str();
}

nlohmann::json repeatedJson(const engine::RepeatedRangeTestReport& report,
                            const storage::StoredRepeatedRangeTest* stored) {
  nlohmann::json out = engine::repeatSummaryJson(report.summary);
  nlohmann::json runs = nlohmann::json::array();
  nlohmann::json results = nlohmann::json::array();
  for (std::size_t i = 0; i < report.repeats.size(); ++i) {
    const engine::FindReport& r = report.repeats[i];
    runs.push_back(stored && i < stored->repeatRunIds().size()
                       ? nlohmann::json(stored->repeatRunIds()[i])
                       : nlohmann::json(nullptr));
    nlohmann::json result = engine::toJson(r);
    result.erase("config"); // the repeat's config is the whole's but for its seed
    result["seed"] = r.config.rangeTest.seed;
    results.push_back(std::move(result));
  }
  const engine::RunStatus status = engine::overallStatus(report);
  out["runs"] = runs;
  out["repeat_results"] = results;
  out["status"] = engine::toString(status);
  out["message"] = engine::repeatedRangeTestMessage(report);
  out["warnings"] = report.warnings;
  out["config"] = engine::toJson(report.config);
  out["run_id"] = stored ? nlohmann::json(stored->runId()) : nlohmann::json(nullptr);
  out["db"] = stored ? nlohmann::json(stored->databasePath().string()) : nlohmann::json(nullptr);
  return out;
}

void printShardEnd(const engine::RepeatedRangeTestReport& report, const ShardTask& task,
                   const storage::StoredRepeatedRangeTest* stored, const OutputOptions& output) {
  const std::string shard = engine::toString(task.part.shard);
  if (output.json) {
    nlohmann::json out = repeatedJson(report, stored);
    out["shard"] = shard;
    out["units"] = task.part.units;
    out["merge"] = shardMergeCommand(task);
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << "Shard " << shard << ": " << shardUnitsText(task.part, "repeat") << "\n\n";
    if (!report.repeats.empty())
      std::cout << formatRepeatedReport(report) << "\n";
    if (stored)
      std::cout << "stored as run " << stored->runId() << " in " << stored->databasePath().string()
                << "\n"
                << "once every shard has run: " << shardMergeCommand(task) << "\n";
  }
  std::cout.flush();
}

} // namespace

int defaultJobs() {
  return static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
}

void runRepeatedFind(const engine::FindConfig& config, int jobs, const OutputOptions& output,
                     const std::optional<engine::Shard>& shard) {
  std::optional<ShardTask> task;
  if (shard) {
    task = shardTaskOf(*shard, engine::RunKind::RepeatedRangeTest, engine::toJson(config).dump(),
                       config.repeats.count, output);
    if (shardAlreadyEnded(*task, output))
      return;
  }
  const std::filesystem::path database = task ? task->file : databasePath(output.database);
  std::optional<storage::ShardPart> part;
  if (task)
    part = task->part;
  const std::unique_ptr<storage::StoredRepeatedRangeTest> stored =
      output.noStore ? nullptr
                     : std::make_unique<storage::StoredRepeatedRangeTest>(database, config,
                                                                          output.experiment, part);
  StoredRunScope scope(stored.get());
  RepeatProgress progress(stored.get(), config.repeats.count, !output.printsProgress());
  engine::RepeatedRangeTestReport report;
  const auto start = std::chrono::steady_clock::now();
  {
    const InterruptGuard interruptGuard;
    report = scope.run([&] {
      return part ? engine::runRepeatedRangeTestJob(config, jobs, part->units, &progress,
                                                    &g_interrupted)
                  : engine::runRepeatedRangeTestJob(config, jobs, &progress, &g_interrupted);
    });
  }
  scope.complete(report,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  if (part) {
    printShardEnd(report, *task, stored.get(), output);
    exitForStatus(engine::overallStatus(report), engine::repeatedRangeTestMessage(report));
    return;
  }
  if (output.json) {
    std::cout << repeatedJson(report, stored.get()).dump(2) << "\n";
  } else {
    std::cout << formatRepeatedReport(report);
    if (stored)
      std::cout << "\nstored as run " << stored->runId() << " (one child run per repeat) in "
                << stored->databasePath().string() << "\n"
                << "train with the median range: lrscope train --from-run " << stored->runId()
                << " --epochs 5\n";
  }
  std::cout.flush();
  exitForStatus(engine::overallStatus(report), engine::repeatedRangeTestMessage(report));
}

} // namespace lrscope::cli
