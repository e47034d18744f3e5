// A stored sweep read back for display: its candidates' runs, epochs and eliminations.
#include "lrscope/storage/sweep_summary.h"

#include "lrscope/engine/sweep_extremes.h"
#include "lrscope/storage/child_runs.h"
#include "lrscope/storage/storage_error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
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

/// A number of the payload; NaN for null (how NaN is written) or anything else.
double payloadNumber(const json& payload, const char* key) {
  const auto found = payload.find(key);
  return found != payload.end() && found->is_number() ? found->get<double>() : kNaN;
}

/// The rule and the values it compared, from a payload that has them (stored since "rule").
std::optional<engine::EliminationCause> eliminationCause(const json& payload, int rung) {
  const auto rule = payload.find("rule");
  if (rule == payload.end() || !rule->is_string())
    return std::nullopt;
  const std::optional<engine::EliminationRule> known =
      engine::eliminationRuleFromText(rule->get<std::string>());
  if (!known)
    return std::nullopt;
  engine::EliminationCause cause;
  cause.rule = *known;
  cause.rung = rung;
  cause.validationLoss = payloadNumber(payload, "validation_loss");
  cause.comparedWith = payloadNumber(payload, "compared_with");
  cause.divergedAtStep = payload.value("diverged_at_step", 0);
  cause.divergence = payload.value("divergence", std::string());
  return cause;
}

/// The one place that cuts an elimination's reason text: payloads stored before the rule and
/// its values were have only the engine's text, which ends in where it happened, " at rung 2"
/// or " at rung 3, the last". Any other text (a divergence names its step) stays whole.
std::string reasonWithoutRung(const std::string& reason) {
  const std::string where = " at rung ";
  const std::size_t at = reason.rfind(where);
  if (at == std::string::npos || at == 0)
    return reason;
  std::size_t end = at + where.size();
  const std::size_t digits = end;
  while (end < reason.size() && std::isdigit(static_cast<unsigned char>(reason[end])))
    ++end;
  const std::string rest = reason.substr(end);
  return end > digits && (rest.empty() || rest == ", the last") ? reason.substr(0, at) : reason;
}

/// The candidate's "eliminated" event, if it has one.
void readElimination(const RunEvent& event, SweepCandidateRun& c) {
  try {
    const json payload = json::parse(event.payloadJson);
    c.rung = payload.value("rung", c.rung);
    c.reason = payload.value("reason", std::string());
    c.status = payload.value("diverged", false) ? engine::CandidateStatus::Diverged
                                                : engine::CandidateStatus::Eliminated;
    c.elimination = eliminationCause(payload, c.rung);
    c.reasonWithoutRung = c.elimination ? engine::eliminationReasonWithoutRung(*c.elimination)
                                        : reasonWithoutRung(c.reason);
  } catch (const json::exception&) {
    c.status = engine::CandidateStatus::Eliminated;
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
  summary.run = loadParentRun(database, sweepRunId, engine::RunKind::Sweep, "sweep");
  readSweepConfig(summary.run.configJson, summary);

  RunFilter filter;
  filter.parentRunId = sweepRunId;
  for (const RunSummary& child : database.listRuns(filter)) {
    SweepCandidateRun c;
    c.runId = child.id;
    c.runStatus = child.status;
    c.seconds = child.durationSeconds;
    const RunDetails details = database.loadRun(child.id);
    c.lr = candidateLr(details);
    c.message = details.message;
    c.epochs = database.loadEpochs(child.id);
    c.rung = static_cast<int>((c.epochs.size() + summary.epochsPerRung - 1) /
                              static_cast<std::size_t>(summary.epochsPerRung));
    for (const RunEvent& event : database.loadEvents(child.id)) {
      if (event.kind == "eliminated")
        readElimination(event, c);
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
  std::vector<engine::CandidateStatus> statuses;
  for (SweepCandidateRun& c : summary.candidates) {
    summary.rungsRun = std::max(summary.rungsRun, c.rung);
    // A completed sweep has exactly one survivor: its winner.
    if (summary.run.summary.status == engine::StoredStatus::Completed && !stopped(c))
      c.status = engine::CandidateStatus::Best;
    statuses.push_back(c.status);
  }
  const engine::SweepExtremes extremes = engine::findSweepExtremes(statuses);
  summary.best = extremes.best;
  summary.lowestEliminated = extremes.lowestEliminated;
  summary.highestEliminated = extremes.highestEliminated;
  return summary;
}

} // namespace lrscope::storage
