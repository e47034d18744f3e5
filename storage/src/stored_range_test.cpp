#include "lrscope/storage/stored_range_test.h"

#include <nlohmann/json.hpp>

namespace lrscope::storage {

namespace {

NewRun describe(const engine::FindConfig& config, const std::string& experiment,
                std::optional<int64_t> parentRunId, const std::string& uid) {
  NewRun run;
  run.uid = uid;
  run.parentRunId = parentRunId;
  run.experiment = experiment;
  run.kind = engine::RunKind::RangeTest;
  run.configJson = engine::toJson(config).dump();
  run.seed = config.rangeTest.seed;
  run.dataset = config.data.source;
  run.model = config.model.name;
  return run;
}

} // namespace

StoredRangeTest::StoredRangeTest(const std::filesystem::path& database,
                                 const engine::FindConfig& config, const std::string& experiment,
                                 std::optional<int64_t> parentRunId, const std::string& uid)
    : m_database(database),
      m_runId(m_database.createRun(describe(config, experiment, parentRunId, uid))),
      m_writer(std::make_unique<RunWriter>(m_database, m_runId)) {}

void StoredRangeTest::complete(const engine::FindReport& report) {
  m_writer->finish(report.result.status, report.result.message, report.testSeconds);
  m_database.saveSuggestions(m_runId, report.suggestions, report.range.range);
  m_database.saveClassesAndWarnings(m_runId, report.classNames, report.warnings);
}

void StoredRangeTest::abandon(const std::string& message) {
  m_writer->finish(engine::RunStatus::Failed, message, 0.0);
}

} // namespace lrscope::storage
