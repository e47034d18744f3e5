#include "lrscope/storage/stored_training.h"

#include <nlohmann/json.hpp>

namespace lrscope::storage {
namespace {

NewRun describe(const engine::TrainConfig& config, const std::string& experiment,
                std::optional<int64_t> parentRunId, engine::RunKind kind, const std::string& uid) {
  NewRun run;
  run.uid = uid;
  run.experiment = experiment;
  run.kind = kind;
  run.configJson = engine::toJson(config).dump();
  run.seed = config.seed;
  run.dataset = config.data.source;
  run.model = config.model.name;
  run.parentRunId = parentRunId;
  return run;
}

} // namespace

StoredTraining::StoredTraining(const std::filesystem::path& database,
                               const engine::TrainConfig& config, const std::string& experiment,
                               std::optional<int64_t> parentRunId, engine::RunKind kind,
                               const std::string& uid)
    : m_database(database),
      m_runId(m_database.createRun(describe(config, experiment, parentRunId, kind, uid))),
      m_writer(std::make_unique<RunWriter>(m_database, m_runId)) {}

void StoredTraining::onStep(const engine::StepRecord& record) {
  m_writer->onStep(record);
}

void StoredTraining::onEpoch(const engine::EpochRecord& record) {
  m_database.appendEpoch(m_runId, record);
}

void StoredTraining::onEvent(int step, const std::string& kind, const std::string& payloadJson) {
  m_database.addEvent(m_runId, step, kind, payloadJson);
}

void StoredTraining::complete(const engine::TrainingReport& report) {
  m_writer->finish(report.status, report.message, report.trainSeconds);
  m_database.saveClassesAndWarnings(m_runId, report.classNames, report.warnings);
  if (!report.checkpoint.empty()) {
    m_database.setCheckpoint(m_runId, report.checkpoint.string());
  }
}

void StoredTraining::pause(engine::StoredStatus status, const std::string& message,
                           double seconds) {
  m_writer->flush();
  m_database.finishRun(m_runId, status, message, seconds);
}

void StoredTraining::abandon(const std::string& message) {
  m_writer->finish(engine::RunStatus::Failed, message, 0.0);
}

} // namespace lrscope::storage
