#include "lrscope/engine/sweep_race.h"

#include "lrscope/engine/number_format.h"
#include "lrscope/engine/number_text.h"
#include "lrscope/engine/sweep_extremes.h"

#include <algorithm>
#include <limits>

namespace lrscope::engine {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double lossOf(const std::vector<SweepCandidate>& candidates, int index) {
  return candidates[static_cast<std::size_t>(index)].last.validationLoss;
}

double medianLoss(const std::vector<SweepCandidate>& candidates, const std::vector<int>& sorted) {
  if (sorted.empty())
    return kNaN;
  const std::size_t mid = sorted.size() / 2;
  return sorted.size() % 2 == 1
             ? lossOf(candidates, sorted[mid])
             : 0.5 * (lossOf(candidates, sorted[mid - 1]) + lossOf(candidates, sorted[mid]));
}

Elimination eliminationOf(const std::vector<SweepCandidate>& candidates, int index, int rung,
                          EliminationCause cause) {
  const SweepCandidate& c = candidates[static_cast<std::size_t>(index)];
  cause.rung = rung;
  const bool diverged = cause.rule == EliminationRule::Diverged;
  return {cause, index, c.lr, c.steps, diverged, eliminationReason(cause)};
}

} // namespace

std::vector<TrainConfig> sweepCandidateConfigs(const SweepConfig& config) {
  const std::vector<double> lrs = logSpacedLrs(config.lowerLr, config.upperLr, config.candidates);
  const int planned = plannedRungs(config.candidates, config.maxRungs);
  std::vector<TrainConfig> configs;
  for (const double lr : lrs) {
    TrainConfig training = config.training;
    training.schedule = ScheduleSpec{};
    training.schedule.kind = ScheduleKind::Constant;
    training.schedule.maxLr = lr;
    training.epochs = planned * config.epochsPerRung;
    training.lrEvents.clear();
    training.checkpoint.clear();
    training.resumeFrom.clear();
    training.sample.seed = training.seed;
    configs.push_back(training);
  }
  return configs;
}

RungOutcome halveRung(const std::vector<int>& survivors,
                      const std::vector<SweepCandidate>& candidates,
                      const std::map<int, int>& lastSteps, int rung, bool lastRung) {
  RungOutcome out;
  std::vector<int> finite;
  for (const int index : survivors) {
    const SweepCandidate& c = candidates[static_cast<std::size_t>(index)];
    if (c.trainingStatus == RunStatus::Diverged) {
      EliminationCause cause;
      cause.rule = EliminationRule::Diverged;
      const auto last = lastSteps.find(index);
      cause.divergedAtStep = last == lastSteps.end() ? 0 : last->second;
      cause.divergence = c.trainingMessage;
      out.eliminations.push_back(eliminationOf(candidates, index, rung, cause));
    } else {
      finite.push_back(index);
    }
  }
  // Best first; on a tie the lower LR (the lower index) stays.
  std::stable_sort(finite.begin(), finite.end(), [&candidates](int a, int b) {
    return lossOf(candidates, a) < lossOf(candidates, b);
  });
  const std::size_t n = survivors.size();
  const std::size_t diverged = n - finite.size();
  std::size_t keep = finite.size();
  if (lastRung)
    keep = std::min<std::size_t>(keep, 1);
  else if (diverged < n / 2)
    keep = finite.size() - (n / 2 - diverged);
  const double median = medianLoss(candidates, finite);
  for (std::size_t k = finite.size(); k-- > keep;) { // the worst first
    EliminationCause cause;
    cause.rule = lastRung ? EliminationRule::BehindBest : EliminationRule::WorseThanMedian;
    cause.validationLoss = lossOf(candidates, finite[k]);
    cause.comparedWith = lastRung ? lossOf(candidates, finite.front()) : median;
    out.eliminations.push_back(eliminationOf(candidates, finite[k], rung, cause));
  }
  finite.resize(keep);
  std::sort(finite.begin(), finite.end()); // the next rung trains them lowest LR first
  out.survivors = finite;
  return out;
}

void applyElimination(const Elimination& elimination, std::vector<SweepCandidate>& candidates) {
  SweepCandidate& c = candidates[static_cast<std::size_t>(elimination.candidate)];
  c.status = elimination.diverged ? CandidateStatus::Diverged : CandidateStatus::Eliminated;
  c.reason = elimination.reason;
}

bool raceEnds(const SweepConfig& config, int rung, std::size_t survivors) {
  return survivors <= 1 || (config.maxRungs > 0 && rung >= config.maxRungs);
}

void finishRace(SweepReport& report, const std::vector<int>& survivors) {
  const SweepConfig& config = report.config;
  if (survivors.empty()) {
    report.status = RunStatus::Diverged;
    report.message = "every learning rate diverged, from " + numberText(config.lowerLr) + " to " +
                     numberText(config.upperLr) + "; try lower ones";
    return;
  }
  const int best = survivors.front();
  SweepCandidate& winner = report.candidates[static_cast<std::size_t>(best)];
  winner.status = CandidateStatus::Best;
  report.best = best;
  report.status = RunStatus::Completed;
  report.message = "best lr " + formatLr(winner.lr) + " after " + std::to_string(report.rungs) +
                   " rung" + (report.rungs == 1 ? "" : "s") + " (" + std::to_string(winner.epochs) +
                   " epochs, validation loss " + formatLoss(winner.last.validationLoss) + ")";
}

void addRaceTotals(SweepReport& report) {
  std::vector<CandidateStatus> statuses;
  for (const SweepCandidate& c : report.candidates)
    statuses.push_back(c.status);
  const SweepExtremes extremes = findSweepExtremes(statuses);
  if (extremes.lowestEliminated)
    report.lowestEliminated = static_cast<int>(*extremes.lowestEliminated);
  if (extremes.highestEliminated)
    report.highestEliminated = static_cast<int>(*extremes.highestEliminated);
  report.totalEpochs = 0;
  report.fullRunEpochs = 0;
  for (const SweepCandidate& c : report.candidates) {
    report.totalEpochs += c.epochs;
    report.fullRunEpochs = std::max(report.fullRunEpochs, c.epochs);
  }
  report.fullRunEpochs *= static_cast<int>(report.candidates.size());
  report.costRatio = report.fullRunEpochs > 0 ? static_cast<double>(report.totalEpochs) /
                                                    static_cast<double>(report.fullRunEpochs)
                                              : kNaN;
}

} // namespace lrscope::engine
