// The database that schema version 1 wrote (data/lrscope-v1.db, described in data/README.md)
// must open in this version with all its user data: runs, notes, tags, ranges, suggestions,
// steps and events. Opening migrates, so the tests work on a copy.
#include "lrscope/storage/run_database.h"
#include "storage/temp_dir.h"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace lrscope::storage {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

const fs::path kFixture = fs::path(LRSCOPE_STORAGE_FIXTURES) / "lrscope-v1.db";

std::string readBytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Equal within a relative 1e-6.
::testing::AssertionResult near(double actual, double expected) {
  if (std::abs(actual - expected) <= 1e-6 * std::abs(expected))
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << actual << " is not " << expected;
}

/// The fixture copied into a temp folder; opened with the current RunDatabase by the tests.
class SchemaV1Fixture : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_TRUE(fs::is_regular_file(kFixture)) << kFixture;
    m_original = readBytes(kFixture);
    fs::copy_file(kFixture, m_file);
  }
  void TearDown() override {
    // Not EXPECT_EQ: a failure would print 72 KiB of bytes.
    EXPECT_TRUE(readBytes(kFixture) == m_original) << kFixture << " changed; restore it from git";
  }

  TempDir m_dir;
  const fs::path m_file = m_dir / "lrscope-v1.db";
  std::string m_original;
};

TEST_F(SchemaV1Fixture, OpensAtTheCurrentVersionWithBothRunsAndTheirUserData) {
  const RunDatabase db(m_file);
  std::vector<RunSummary> runs = db.listRuns();
  ASSERT_EQ(runs.size(), 2U);
  std::sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) { return a.id < b.id; });

  EXPECT_EQ(runs[0].id, 1);
  EXPECT_EQ(runs[0].experiment, "default");
  EXPECT_EQ(runs[0].kind, engine::RunKind::RangeTest);
  EXPECT_EQ(runs[0].status, engine::StoredStatus::Completed);
  EXPECT_EQ(runs[0].dataset, "blobs.csv");
  EXPECT_EQ(runs[0].model, "logreg");
  EXPECT_EQ(runs[0].steps, 40);
  EXPECT_EQ(runs[0].notes, "fixture: logreg on two blobs");
  EXPECT_EQ(runs[0].tags, (std::vector<std::string>{"baseline", "v1-fixture"}));

  EXPECT_EQ(runs[1].id, 2);
  EXPECT_EQ(runs[1].status, engine::StoredStatus::Diverged);
  EXPECT_EQ(runs[1].dataset, "blobs.csv");
  EXPECT_EQ(runs[1].model, "mlp");
  EXPECT_EQ(runs[1].steps, 29);
  EXPECT_EQ(runs[1].notes, "fixture: logreg on two blobs"); // so the v1 file holds it
  EXPECT_EQ(runs[1].tags, std::vector<std::string>{"v1-fixture"});

  SQLite::Database raw(m_file, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), RunDatabase::kSchemaVersion);
  EXPECT_EQ(raw.execAndGet("PRAGMA integrity_check").getString(), "ok");
}

TEST_F(SchemaV1Fixture, KeepsTheAutomaticRangeAndTheSuggestions) {
  const RunDatabase db(m_file);
  const RunDetails run = db.loadRun(1);
  EXPECT_EQ(run.message, "completed 40 steps");
  EXPECT_EQ(run.seed, 1U);
  EXPECT_TRUE(run.classNames.empty()); // v1 did not record them
  EXPECT_TRUE(run.warnings.empty());
  EXPECT_EQ(run.suggestions.size(), 6U);
  ASSERT_TRUE(run.range.has_value());
  EXPECT_EQ(run.range->source, "auto");
  EXPECT_EQ(run.range->rule, "lrscope-range v1");
  // docs/reference.md rounds them to 1.266e-03 .. 1.425e-01.
  EXPECT_TRUE(near(run.range->lower, 1.26638017e-03));
  EXPECT_TRUE(near(run.range->upper, 1.42510267e-01));
  ASSERT_TRUE(run.range->automatic.has_value());
  EXPECT_EQ(run.range->automatic->lower, run.range->lower);
  EXPECT_EQ(run.range->automatic->upper, run.range->upper);
}

TEST_F(SchemaV1Fixture, KeepsTheManualRangeAndTheEvent) {
  const RunDatabase db(m_file);
  const RunDetails run = db.loadRun(2);
  ASSERT_TRUE(run.range.has_value());
  EXPECT_EQ(run.range->source, "manual");
  EXPECT_EQ(run.range->lower, 0.001);
  EXPECT_EQ(run.range->upper, 0.01);
  EXPECT_EQ(run.suggestions.size(), 6U);

  const std::vector<RunEvent> events = db.loadEvents(2);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].kind, "note");
  EXPECT_EQ(events[0].step, 10);
  EXPECT_EQ(events[0].payloadJson, R"({"text":"fixture event"})");
  EXPECT_TRUE(db.loadEvents(1).empty());
}

TEST_F(SchemaV1Fixture, KeepsEveryStepWithItsGroupLrs) {
  const RunDatabase db(m_file);
  struct Expected {
    int64_t runId;
    std::size_t steps;
    std::size_t groups;
  };
  for (const Expected& expected : {Expected{1, 40, 1}, Expected{2, 29, 2}}) {
    const std::vector<engine::StepRecord> steps = db.loadSteps(expected.runId);
    ASSERT_EQ(steps.size(), expected.steps) << "run " << expected.runId;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      EXPECT_EQ(steps[i].step, static_cast<int>(i)) << "run " << expected.runId;
      EXPECT_EQ(steps[i].groupLrs.size(), expected.groups)
          << "run " << expected.runId << ", step " << i;
    }
  }
}

} // namespace
} // namespace lrscope::storage
