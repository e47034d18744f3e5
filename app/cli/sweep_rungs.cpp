#include "cli/sweep_rungs.h"

#include "cli/commands.h"
#include "cli/run_options.h"
#include "cli/stored_run_scope.h"
#include "cli/text_report.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/sweep_race.h"
#include "lrscope/engine/sweep_rung_job.h"
#include "lrscope/storage/distributed_sweep.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>

namespace lrscope::cli {
namespace {

using json = nlohmann::json;

storage::DistributedSweep distributedSweep(const engine::SweepConfig& config,
                                           const OutputOptions& output) {
  if (output.noStore)
    throw engine::InputError("a sweep raced over a cluster keeps its rungs in databases for the "
                             "promote step; leave out --no-store");
  return {config, output.experiment, std::filesystem::absolute(databasePath(output.database))};
}

/// "lr 1.00e-02 (1 epoch, validation loss 0.512)".
std::string trainedText(const engine::SweepConfig& config, const engine::SweepRungCandidate& c) {
  const engine::TrainingReport& t = c.training;
  const double lr =
      engine::sweepCandidateConfigs(config)[static_cast<std::size_t>(c.index)].schedule.maxLr;
  return "lr " + formatLr(lr) + " " + engine::toString(t.status) + " (" +
         std::to_string(t.epochs.size()) + " epochs, validation loss " +
         formatLoss(t.epochs.empty() ? std::nan("") : t.epochs.back().validationLoss) + ")";
}

} // namespace

void runSweepRung(const engine::SweepConfig& config, int rung, engine::Shard shard,
                  const OutputOptions& output) {
  const storage::DistributedSweep sweep = distributedSweep(config, output);
  const int planned = engine::plannedRungs(config.candidates, config.maxRungs);
  if (rung < 1 || rung > planned)
    throw engine::InputError("--rung " + std::to_string(rung) + ": the sweep has rungs 1 to " +
                             std::to_string(planned));
  const std::vector<int> survivors = sweep.survivorsOfRung(rung);
  std::vector<int> mine;
  for (const int unit : engine::shardUnits(shard, static_cast<int>(survivors.size())))
    mine.push_back(survivors[static_cast<std::size_t>(unit)]);
  storage::StoredSweepRung stored(sweep, rung, shard);
  if (stored.ended()) {
    std::cout << "rung " << rung << ", task " << engine::toString(shard)
              << " already ran: " << stored.file().string() << " (nothing to do)\n";
    return;
  }
  if (output.printsProgress())
    std::fprintf(stderr, "rung %d, task %s: %zu of the rung's %zu candidates%s\n", rung,
                 engine::toString(shard).c_str(), mine.size(), survivors.size(),
                 survivors.empty() ? " (the race ended before this rung)" : "");
  StoredRunScope scope(&stored);
  engine::SweepRungReport report;
  const auto start = std::chrono::steady_clock::now();
  {
    const InterruptGuard interruptGuard;
    report = scope.run([&] {
      return engine::runSweepRungJob(config, rung, mine, sweep.checkpoints(), &stored,
                                     &g_interrupted);
    });
  }
  scope.complete(report,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  bool stopped = false;
  json trained = json::array();
  for (const engine::SweepRungCandidate& c : report.candidates) {
    stopped = stopped || c.training.status == engine::RunStatus::Cancelled;
    trained.push_back(trainedText(config, c));
  }
  const std::string next = "once every task of rung " + std::to_string(rung) +
                           " has ended: lrscope sweep ... --promote " + std::to_string(rung);
  if (output.json) {
    std::cout << json{{"rung", rung},
                      {"shard", engine::toString(shard)},
                      {"trained", trained},
                      {"db", stored.file().string()},
                      {"next", next}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << "rung " << rung << ", task " << engine::toString(shard) << ":";
    if (trained.empty())
      std::cout << " no candidate to train";
    for (const json& line : trained)
      std::cout << "\n  " << line.get<std::string>();
    std::cout << "\nstored in " << stored.file().string() << "\n" << next << "\n";
  }
  std::cout.flush();
  if (stopped)
    exitForStatus(engine::RunStatus::Cancelled, "stopped before the rung's candidates ended");
}

void runSweepPromote(const engine::SweepConfig& config, int rung, const OutputOptions& output) {
  const storage::DistributedSweep sweep = distributedSweep(config, output);
  const storage::PromoteResult promoted = storage::promoteSweepRung(sweep, rung);
  for (const std::string& unfinished : promoted.merged.unfinishedShards)
    std::cerr << "lrscope: skipped: " << unfinished << "\n";
  if (promoted.finished) {
    showRun(sweep.database.string(), promoted.sweepRunId, output.json);
    return;
  }
  if (output.json) {
    json eliminated = json::array();
    for (const engine::Elimination& e : promoted.eliminations)
      eliminated.push_back({{"lr", e.lr}, {"reason", e.reason}});
    std::cout << json{{"rung", rung},
                      {"already_promoted", promoted.alreadyPromoted},
                      {"eliminated", eliminated},
                      {"survivors", promoted.survivors},
                      {"run_id", promoted.sweepRunId}}
                     .dump(2)
              << "\n";
    return;
  }
  std::cout << "rung " << rung << (promoted.alreadyPromoted ? " was promoted before" : " promoted")
            << " (sweep run " << promoted.sweepRunId << " in " << sweep.database.string() << ")\n";
  for (const engine::Elimination& e : promoted.eliminations)
    std::cout << "  lr " << formatLr(e.lr) << " out: " << e.reason << "\n";
  std::cout << promoted.survivors.size() << " candidates go on to rung " << rung + 1
            << ": lrscope sweep ... --rung " << rung + 1 << " --shard I/N\n";
}

} // namespace lrscope::cli
