// A sweep and its candidates' training runs, stored as they race (lrscope sweep, the app).
#include "lrscope/storage/stored_sweep.h"

#include "lrscope/storage/storage_error.h"

#include <nlohmann/json.hpp>

namespace lrscope::storage {
namespace {} // namespace

NewRun sweepRunOf(const engine::SweepConfig& config, const std::string& experiment) {
  NewRun run;
  run.experiment = experiment;
  run.kind = engine::RunKind::Sweep;
  run.configJson = engine::toJson(config).dump();
  run.seed = config.training.seed;
  run.dataset = config.training.data.source;
  run.model = config.training.model.name;
  return run;
}

engine::TrainingReport candidateRunEnd(const engine::SweepCandidate& c,
                                       const engine::SweepReport& sweep) {
  engine::TrainingReport summary;
  summary.trainSeconds = c.trainSeconds;
  summary.classNames = sweep.classNames;
  summary.warnings = sweep.warnings; // what reading the data noted, the same for each
  switch (c.status) {
  case engine::CandidateStatus::Best:
    summary.status = engine::RunStatus::Completed;
    summary.message = "best of the sweep after " + std::to_string(c.epochs) + " epochs";
    break;
  case engine::CandidateStatus::Eliminated:
    summary.status = engine::RunStatus::Completed;
    summary.message = "eliminated at rung " + std::to_string(c.rung) + ": " + c.reason;
    break;
  case engine::CandidateStatus::Diverged:
    summary.status = engine::RunStatus::Diverged;
    summary.message = c.reason;
    break;
  case engine::CandidateStatus::Running:
    summary.status = sweep.status == engine::RunStatus::Completed ? c.trainingStatus : sweep.status;
    summary.message = sweep.message;
    break;
  }
  return summary;
}

StoredSweep::StoredSweep(const std::filesystem::path& database, const engine::SweepConfig& config,
                         const std::string& experiment)
    : m_database(database), m_experiment(experiment),
      m_runId(m_database.createRun(sweepRunOf(config, experiment))) {}

StoredSweep::~StoredSweep() = default;

void StoredSweep::onCandidates(const std::vector<engine::TrainConfig>& candidates) {
  for (const engine::TrainConfig& config : candidates)
    m_candidates.push_back(std::make_unique<StoredTraining>(m_database.path(), config, m_experiment,
                                                            m_runId, engine::RunKind::Training));
}

engine::TrainingObserver* StoredSweep::candidateObserver(int index) {
  const auto i = static_cast<std::size_t>(index);
  return i < m_candidates.size() ? m_candidates[i].get() : nullptr;
}

void StoredSweep::onCandidateTrained(int, int, const engine::TrainingReport&) {}

void StoredSweep::onEliminated(const engine::Elimination& elimination) {
  if (engine::TrainingObserver* run = candidateObserver(elimination.candidate))
    run->onEvent(elimination.step, "eliminated", eliminationPayload(elimination));
}

void StoredSweep::complete(const engine::SweepReport& report) {
  for (; m_completed < m_candidates.size() && m_completed < report.candidates.size(); ++m_completed)
    m_candidates[m_completed]->complete(candidateRunEnd(report.candidates[m_completed], report));
  m_database.finishRun(m_runId, report.status, report.message, report.seconds);
  m_database.saveClassesAndWarnings(m_runId, report.classNames, report.warnings);
}

void StoredSweep::abandon(const std::string& message) {
  // Candidates that complete() already stored keep their outcome; each of the others is tried
  // on its own, so that one failure does not leave the rest `running`.
  for (std::size_t i = m_completed; i < m_candidates.size(); ++i) {
    try {
      m_candidates[i]->abandon(message);
    } catch (const StorageError&) {
      // Marked `interrupted` when the database is next opened.
    }
  }
  m_database.finishRun(m_runId, engine::RunStatus::Failed, message, 0.0);
}

int64_t StoredSweep::candidateRunId(std::size_t index) const {
  return index < m_candidates.size() ? m_candidates[index]->runId() : 0;
}

std::string eliminationPayload(const engine::Elimination& e) {
  nlohmann::json payload{{"rung", e.rung},
                         {"reason", e.reason},
                         {"lr", e.lr},
                         {"diverged", e.diverged},
                         {"rule", engine::toString(e.rule)}};
  if (e.rule == engine::EliminationRule::Diverged) {
    payload["diverged_at_step"] = e.divergedAtStep;
    payload["divergence"] = e.divergence;
  } else { // NaN is written as null
    payload["validation_loss"] = e.validationLoss;
    payload["compared_with"] = e.comparedWith;
  }
  return payload.dump();
}

} // namespace lrscope::storage
