#include "lrscope/storage/run_writer.h"

#include "lrscope/storage/run_database.h"
#include "lrscope/storage/storage_error.h"
#include "storage/temp_dir.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <thread>

namespace lrscope::storage {
namespace {

using test::makeSteps;
using test::TempDir;

/// Step rows of the run as another connection (another reader process) sees them.
int64_t committedSteps(const std::filesystem::path& file, int64_t runId) {
  SQLite::Database raw(file.string(), SQLite::OPEN_READONLY);
  SQLite::Statement count(raw, "SELECT count(*) FROM step_metrics WHERE run_id = ?");
  count.bind(1, runId);
  count.executeStep();
  return count.getColumn(0).getInt64();
}

class RunWriterTest : public ::testing::Test {
protected:
  TempDir m_dir;
  std::filesystem::path m_file = m_dir.path() / "runs.db";
  RunDatabase m_db{m_file};
  int64_t m_runId = m_db.createRun(NewRun{});
};

TEST_F(RunWriterTest, CommitsEveryBatchOfRows) {
  RunWriter writer(m_db, m_runId);
  const std::vector<engine::StepRecord> steps = makeSteps(0, 650);
  for (std::size_t i = 0; i < RunWriter::kBatchRows - 1; ++i) {
    writer.onStep(steps[i]);
  }
  EXPECT_EQ(committedSteps(m_file, m_runId), 0);
  writer.onStep(steps[RunWriter::kBatchRows - 1]);
  EXPECT_EQ(committedSteps(m_file, m_runId), 300);
  for (std::size_t i = RunWriter::kBatchRows; i < steps.size(); ++i) {
    writer.onStep(steps[i]);
  }
  EXPECT_EQ(committedSteps(m_file, m_runId), 600);
  writer.finish(engine::RunStatus::Completed, "done", 3.5);
  EXPECT_EQ(committedSteps(m_file, m_runId), 650);
  const RunDetails details = m_db.loadRun(m_runId);
  EXPECT_EQ(details.summary.status, engine::StoredStatus::Completed);
  EXPECT_EQ(details.message, "done");
  EXPECT_DOUBLE_EQ(details.summary.durationSeconds, 3.5);
  EXPECT_EQ(m_db.loadSteps(m_runId).back().groupLrs, steps.back().groupLrs);
}

TEST_F(RunWriterTest, CommitsWhenTheIntervalHasPassed) {
  RunWriter writer(m_db, m_runId);
  const std::vector<engine::StepRecord> steps = makeSteps(0, 2);
  writer.onStep(steps[0]);
  EXPECT_EQ(committedSteps(m_file, m_runId), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  writer.onStep(steps[1]);
  EXPECT_EQ(committedSteps(m_file, m_runId), 2);
}

TEST_F(RunWriterTest, DestructorCommitsWhatIsPending) {
  {
    RunWriter writer(m_db, m_runId);
    for (const engine::StepRecord& step : makeSteps(0, 10)) {
      writer.onStep(step);
    }
    EXPECT_EQ(committedSteps(m_file, m_runId), 0);
  }
  EXPECT_EQ(committedSteps(m_file, m_runId), 10);
  EXPECT_EQ(m_db.loadRun(m_runId).summary.status, engine::StoredStatus::Running);
}

TEST_F(RunWriterTest, FinishReportsAFailedCommit) {
  RunWriter writer(m_db, m_runId);
  const std::vector<engine::StepRecord> steps = makeSteps(0, 1);
  writer.onStep(steps[0]);
  writer.onStep(steps[0]); // the same step twice breaks the primary key
  EXPECT_THROW(writer.finish(engine::RunStatus::Completed, "", 1.0), StorageError);
}

} // namespace
} // namespace lrscope::storage
