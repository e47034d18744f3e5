// A stored sweep read back for display: its candidates' runs, epochs and eliminations.
#include "lrscope/storage/sweep_summary.h"

#include "lrscope/storage/storage_error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace lrscope::storage {
namespace {

using nlohmann::json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The LR of a candidate's run: its constant schedule's max_lr.
double candidateLr(const RunDetails& run) {
  try {
    return json::parse(run.configJson).at("schedule").at("max_lr").get<double>();
  } catch (const json::exception&) {
    return kNaN;
  }
}

void readSweepConfig(const std::string& configJson, SweepSummary& summary) {
  try {
    const json sweep = json::parse(configJson).at("sweep");
    summary.lowerLr = sweep.value("lower_lr", 0.0);
    summary.upperLr = sweep.value("upper_lr", 0.0);
    summary.epochsPerRung = std::max(1, sweep.value("epochs_per_rung", 1));
    summary.maxRungs = sweep.value("max_rungs", 0);
    summary.plannedRungs = engine::plannedRungs(sweep.value("candidates", 2), summary.maxRungs);
  } catch (const json::exception&) {
    // An unreadable config leaves the defaults; the candidates still tell the story.
  }
}

bool stopped(const SweepCandidateRun& c) {
  return c.status == engine::CandidateStatus::Eliminated ||
         c.status == engine::CandidateStatus::Diverged;
}

/// As the engine's SweepReport: the lowest stopped LR below the best and the highest above it.
void findExtremes(SweepSummary& summary) {
  const std::size_t n = summary.candidates.size();
  const std::size_t below = summary.best.value_or(n);
  for (std::size_t i = 0; i < below && !summary.lowestEliminated; ++i)
    if (stopped(summary.candidates[i]))
      summary.lowestEliminated = i;
  for (std::size_t i = n; i-- > 0 && !summary.highestEliminated;) {
    if (summary.best && i <= *summary.best)
      break;
    if (stopped(summary.candidates[i]))
      summary.highestEliminated = i;
  }
}

} // namespace

double SweepCandidateRun::finalValidationLoss() const {
  return epochs.empty() ? kNaN : epochs.back().validationLoss;
}

double SweepCandidateRun::finalValidationAccuracy() const {
  return epochs.empty() ? kNaN : epochs.back().validationAccuracy;
}

SweepSummary loadSweepSummary(const RunDatabase& database, int64_t sweepRunId) {
  SweepSummary summary;
  summary.run = database.loadRun(sweepRunId);
  if (summary.run.summary.kind != engine::RunKind::Sweep)
    throw StorageError(database.path().string() + ": run " + std::to_string(sweepRunId) + " is a " +
                       std::string(engine::toString(summary.run.summary.kind)) + " run, not a sweep");
  readSweepConfig(summary.run.configJson, summary);

  RunFilter filter;
  filter.parentRunId = sweepRunId;
  for (const RunSummary& child : database.listRuns(filter)) {
    SweepCandidateRun c;
    c.runId = child.id;
    c.runStatus = child.status;
    c.seconds = child.durationSeconds;
    c.lr = candidateLr(database.loadRun(child.id));
    c.epochs = database.loadEpochs(child.id);
    c.rung = static_cast<int>((c.epochs.size() + summary.epochsPerRung - 1) /
                              static_cast<std::size_t>(summary.epochsPerRung));
    for (const RunEvent& event : database.loadEvents(child.id)) {
      if (event.kind != "eliminated")
        continue;
      try {
        const json payload = json::parse(event.payloadJson);
        c.rung = payload.value("rung", c.rung);
        c.reason = payload.value("reason", std::string());
        c.status = payload.value("diverged", false) ? engine::CandidateStatus::Diverged
                                                    : engine::CandidateStatus::Eliminated;
      } catch (const json::exception&) {
        c.status = engine::CandidateStatus::Eliminated;
      }
    }
    summary.candidates.push_back(std::move(c));
  }
  std::stable_sort(summary.candidates.begin(), summary.candidates.end(),
                   [](const SweepCandidateRun& a, const SweepCandidateRun& b) {
                     const bool aUnknown = std::isnan(a.lr);
                     const bool bUnknown = std::isnan(b.lr);
                     if (aUnknown || bUnknown) // an unreadable LR goes last
                       return aUnknown == bUnknown ? a.runId < b.runId : bUnknown;
                     return a.lr < b.lr || (a.lr == b.lr && a.runId < b.runId);
                   });
  for (std::size_t i = 0; i < summary.candidates.size(); ++i) {
    SweepCandidateRun& c = summary.candidates[i];
    summary.rungsRun = std::max(summary.rungsRun, c.rung);
    // A completed sweep has exactly one survivor: its winner.
    if (summary.run.summary.status == engine::StoredStatus::Completed && !stopped(c)) {
      c.status = engine::CandidateStatus::Best;
      summary.best = i;
    }
  }
  findExtremes(summary);
  return summary;
}

} // namespace lrscope::storage
