#include "cli/stored_find.h"

#include <nlohmann/json.hpp>

namespace lrscope::cli {

ObserverFanOut::ObserverFanOut(std::vector<engine::RunObserver*> observers)
    : m_observers(std::move(observers)) {}

void ObserverFanOut::onStep(const engine::StepRecord& record) {
  for (engine::RunObserver* observer : m_observers)
    if (observer)
      observer->onStep(record);
}

namespace {

storage::NewRun describe(const engine::FindConfig& config) {
  storage::NewRun run;
  run.kind = "range_test";
  run.configJson = engine::toJson(config).dump();
  run.seed = config.rangeTest.seed;
  run.dataset = config.data.source;
  run.model = config.model.name;
  return run;
}

} // namespace

StoredFind::StoredFind(const std::filesystem::path& database, const engine::FindConfig& config)
    : m_database(database), m_runId(m_database.createRun(describe(config))),
      m_writer(std::make_unique<storage::RunWriter>(m_database, m_runId)) {}

void StoredFind::complete(const engine::FindReport& report) {
  m_writer->finish(report.result.status, report.result.message, report.testSeconds);
  m_database.saveSuggestions(m_runId, report.suggestions, report.range.range);
}

void StoredFind::abandon(const std::string& message) {
  m_writer->finish(engine::RunStatus::Failed, message, 0.0);
}

} // namespace lrscope::cli
