#include "cli/repeated_find.h"

#include "cli/run_options.h"
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
      << (c.repeats.resample ? "each its own sample" : "one sample") << "\n\n";
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

storage::ShardPart shardPartOf(const engine::FindConfig& config, engine::Shard shard,
                               const std::filesystem::path& merged, const std::string& experiment) {
  storage::ShardPart part;
  part.shard = shard;
  part.totalUnits = config.repeats.count;
  part.units = engine::shardUnits(shard, config.repeats.count);
  part.parentUid =
      storage::shardedParentUid(engine::RunKind::RepeatedRangeTest, engine::toJson(config).dump(),
                                experiment, shard.count, merged);
  return part;
}

/// Whether the shard's file already holds its end (then says so); a run of the shard there that
/// did not end (its task failed or was stopped) is deleted, to be run again.
bool shardAlreadyEnded(const std::filesystem::path& file, const storage::ShardPart& part,
                       const OutputOptions& output) {
  if (!std::filesystem::exists(file))
    return false;
  storage::RunDatabase database(file, storage::RunDatabase::Access::ReadWrite,
                                storage::RunDatabase::Journal::Rollback);
  const std::optional<int64_t> parent = database.findRunByUid(part.parentUid);
  if (!parent)
    return false;
  if (!storage::shardEnded(database, *parent, part.shard.index)) {
    if (database.loadRun(*parent).summary.status == engine::StoredStatus::Running)
      throw engine::InputError(file.string() + ": shard " + engine::toString(part.shard) +
                               " is running there (another task, or one on another machine); "
                               "wait for it to end, or remove the file if its task is gone");
    if (output.printsProgress())
      std::cerr << "shard " << engine::toString(part.shard) << ": run " << *parent << " in "
                << file.string() << " did not end; running the shard again in its place\n";
    database.deleteRun(*parent);
    return false;
  }
  if (output.json)
    std::cout << nlohmann::json{{"shard", engine::toString(part.shard)},
                                {"already_ended", true},
                                {"run_id", *parent},
                                {"db", file.string()}}
                     .dump(2)
              << "\n";
  else
    std::cout << "shard " << engine::toString(part.shard) << " already ran: run " << *parent
              << " in " << file.string() << " (nothing to do; merge it with lrscope merge)\n";
  return true;
}

/// "repeats 3..4 of 8", "no repeat of 2".
std::string unitsText(const storage::ShardPart& part) {
  if (part.units.empty())
    return "no repeat of " + std::to_string(part.totalUnits) + " (more shards than repeats)";
  return (part.units.size() == 1 ? "repeat " + std::to_string(part.units.front() + 1)
                                 : "repeats " + std::to_string(part.units.front() + 1) + ".." +
                                       std::to_string(part.units.back() + 1)) +
         " of " + std::to_string(part.totalUnits);
}

void printShardEnd(const engine::RepeatedRangeTestReport& report, const storage::ShardPart& part,
                   const storage::StoredRepeatedRangeTest* stored,
                   const std::filesystem::path& merged, const OutputOptions& output) {
  const std::string mergeCommand =
      "lrscope merge --db " + merged.string() + " " +
      storage::shardDatabasePath(merged, {0, part.shard.count}).string() + " ...";
  if (output.json) {
    nlohmann::json out = repeatedJson(report, stored);
    out["shard"] = engine::toString(part.shard);
    out["units"] = part.units;
    out["merge"] = mergeCommand;
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << "Shard " << engine::toString(part.shard) << ": " << unitsText(part) << "\n\n";
    if (!report.repeats.empty())
      std::cout << formatRepeatedReport(report) << "\n";
    if (stored)
      std::cout << "stored as run " << stored->runId() << " in " << stored->databasePath().string()
                << "\n"
                << "once every shard has run: " << mergeCommand << "\n";
  }
  std::cout.flush();
}

} // namespace

int defaultJobs() {
  return static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
}

void runRepeatedFind(const engine::FindConfig& config, int jobs, const OutputOptions& output,
                     const std::optional<engine::Shard>& shard) {
  std::optional<storage::ShardPart> part;
  std::filesystem::path database = databasePath(output.database);
  if (shard) {
    if (output.noStore)
      throw engine::InputError("--shard stores its repeats in a database file of its own for "
                               "lrscope merge; leave out --no-store");
    part = shardPartOf(config, *shard, database, output.experiment);
    database = storage::shardDatabasePath(database, *shard);
    if (shardAlreadyEnded(database, *part, output))
      return;
  }
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
    printShardEnd(report, *part, stored.get(), databasePath(output.database), output);
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
