#include "lrscope/storage/stored_group_range_test.h"

#include "group_tag.h"

#include <nlohmann/json.hpp>

namespace lrscope::storage {

StoredGroupRangeTest::StoredGroupRangeTest(const std::filesystem::path& database,
                                           const engine::FindConfig& config,
                                           const std::string& experiment)
    : m_database(database), m_experiment(experiment), m_parentId([&] {
        NewRun run;
        run.experiment = experiment;
        run.kind = engine::RunKind::GroupRangeTest;
        run.configJson = engine::toJson(config).dump();
        run.seed = config.rangeTest.seed;
        run.dataset = config.data.source;
        run.model = config.model.name;
        return m_database.createRun(run);
      }()) {}

engine::RunObserver* StoredGroupRangeTest::groupStarted(std::optional<int> group,
                                                        const std::string& name,
                                                        const engine::FindConfig& config) {
  m_current =
      std::make_unique<StoredRangeTest>(m_database.path(), config, m_experiment, m_parentId);
  m_current->database().setTags(m_current->runId(), {groupTag(group, name)});
  if (!group)
    m_wholeModelId = m_current->runId();
  else
    m_childIds.push_back(m_current->runId());
  return &m_current->observer();
}

void StoredGroupRangeTest::groupFinished(std::optional<int>, const engine::FindReport& report) {
  if (m_current)
    m_current->complete(report);
  m_current.reset();
}

void StoredGroupRangeTest::complete(const engine::GroupRangeTestReport& report, double seconds) {
  m_database.finishRun(m_parentId, engine::overallStatus(report),
                       engine::groupRangeTestMessage(report), seconds);
  m_database.saveClassesAndWarnings(
      m_parentId, report.wholeModel ? report.wholeModel->classNames : std::vector<std::string>(),
      report.warnings);
}

void StoredGroupRangeTest::abandon(const std::string& message) {
  if (m_current)
    m_current->abandon(message);
  m_current.reset();
  m_database.finishRun(m_parentId, engine::RunStatus::Failed, message, 0.0);
}

} // namespace lrscope::storage
