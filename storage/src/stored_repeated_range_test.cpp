#include "lrscope/storage/stored_repeated_range_test.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace lrscope::storage {

StoredRepeatedRangeTest::StoredRepeatedRangeTest(const std::filesystem::path& database,
                                                 const engine::FindConfig& config,
                                                 const std::string& experiment,
                                                 std::optional<ShardPart> shard)
    : m_database(database, RunDatabase::Access::ReadWrite,
                 shard ? RunDatabase::Journal::Rollback : RunDatabase::Journal::Wal),
      m_experiment(experiment), m_shard(std::move(shard)), m_parentId([&] {
        NewRun run;
        if (m_shard)
          run.uid = m_shard->parentUid;
        run.experiment = experiment;
        run.kind = engine::RunKind::RepeatedRangeTest;
        run.configJson = engine::toJson(config).dump();
        run.seed = config.rangeTest.seed;
        run.dataset = config.data.source;
        run.model = config.model.name;
        return m_database.createRun(run);
      }()),
      m_children(static_cast<std::size_t>(std::max(config.repeats.count, 1))),
      m_childIds(m_children.size(), 0) {}

engine::RunObserver* StoredRepeatedRangeTest::repeatStarted(int index,
                                                            const engine::FindConfig& config) {
  const auto slot = static_cast<std::size_t>(index);
  // A sharded test's repeats have uids of their own too, so a shard merged again (its file
  // written anew) adds no repeat twice.
  m_children.at(slot) = std::make_unique<StoredRangeTest>(
      m_database.path(), config, m_experiment, m_parentId,
      m_shard ? m_shard->parentUid + "-r" + std::to_string(index) : std::string());
  m_childIds.at(slot) = m_children[slot]->runId();
  return &m_children[slot]->observer();
}

void StoredRepeatedRangeTest::repeatFinished(int index, const engine::FindReport& report) {
  std::unique_ptr<StoredRangeTest>& child = m_children.at(static_cast<std::size_t>(index));
  if (child)
    child->complete(report);
  child.reset(); // its connection closes on the thread that opened it
}

void StoredRepeatedRangeTest::complete(const engine::RepeatedRangeTestReport& report,
                                       double seconds) {
  if (!m_shard) {
    saveRepeatedRangeTestEnd(m_database, m_parentId, report, seconds);
    return;
  }
  // The status over the shard's share of the repeats.
  endShard(m_database, m_parentId, *m_shard, engine::overallStatus(report), seconds, "repeat");
}

void StoredRepeatedRangeTest::abandon(const std::string& message) {
  for (std::unique_ptr<StoredRangeTest>& child : m_children) {
    if (child)
      child->abandon(message);
    child.reset();
  }
  m_database.finishRun(m_parentId, engine::RunStatus::Failed, message, 0.0);
}

void saveRepeatedRangeTestEnd(RunDatabase& database, int64_t parentRunId,
                              const engine::RepeatedRangeTestReport& report, double seconds) {
  database.finishRun(parentRunId, engine::overallStatus(report),
                     engine::repeatedRangeTestMessage(report), seconds);
  database.saveClassesAndWarnings(parentRunId,
                                  report.repeats.empty() ? std::vector<std::string>()
                                                         : report.repeats.front().classNames,
                                  report.warnings);
  // The median range is the parent's automatic range: what Train with this range and
  // `train --from-run PARENT` start from.
  const engine::RepeatSummary& summary = report.summary;
  if (summary.lower && summary.upper && summary.lower->median < summary.upper->median)
    database.saveSuggestions(parentRunId, {},
                             engine::LrRange{summary.lower->median, summary.upper->median,
                                             engine::LrRangeRule::kName,
                                             engine::LrRangeRule::kVersion});
}

} // namespace lrscope::storage
