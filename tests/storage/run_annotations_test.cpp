// Notes, tags, picked ranges, events and experiments: what the user adds to stored runs.
#include "lrscope/storage/run_database.h"
#include "storage/temp_dir.h"

#include <gtest/gtest.h>

namespace lrscope::storage {
namespace {

using test::errorOf;
using test::makeSteps;
using test::TempDir;

class RunAnnotations : public ::testing::Test {
protected:
  RunAnnotations() : m_db(m_dir.path() / "runs.db") {
    NewRun run;
    run.experiment = "lenet";
    run.dataset = "fashion-mnist";
    run.model = "cnn";
    m_run = m_db.createRun(run);
  }

  TempDir m_dir;
  RunDatabase m_db;
  int64_t m_run = 0;
};

TEST_F(RunAnnotations, NotesAndTagsAreStoredAndSearchable) {
  m_db.setNotes(m_run, "warm-up helped");
  m_db.setTags(m_run, {"keep", " baseline ", "", "keep"});
  const RunDetails details = m_db.loadRun(m_run);
  EXPECT_EQ(details.summary.notes, "warm-up helped");
  EXPECT_EQ(details.summary.tags, (std::vector<std::string>{"baseline", "keep"}));

  RunFilter byTagText;
  byTagText.text = "basel";
  EXPECT_EQ(m_db.listRuns(byTagText).size(), 1u);
  m_db.setTags(m_run, {"other"});
  EXPECT_EQ(m_db.loadRun(m_run).summary.tags, (std::vector<std::string>{"other"}));
  EXPECT_TRUE(m_db.listRuns(byTagText).empty()); // the old tags are gone, not just unlinked
  EXPECT_NE(errorOf([&] { m_db.setNotes(99, "x"); }).find("no run 99"), std::string::npos);
  EXPECT_NE(errorOf([&] { m_db.setTags(99, {"x"}); }).find("no run 99"), std::string::npos);
}

TEST_F(RunAnnotations, AManualRangeKeepsTheAutomaticOneForAReset) {
  m_db.saveSuggestions(m_run, {}, engine::LrRange{1e-4, 1e-2, "lrscope-range", 1});
  m_db.setManualRange(m_run, 3e-4, 5e-3);
  std::optional<StoredRange> range = m_db.loadRun(m_run).range;
  ASSERT_TRUE(range.has_value());
  EXPECT_EQ(range->source, "manual");
  EXPECT_EQ(range->lower, 3e-4);
  EXPECT_EQ(range->upper, 5e-3);
  ASSERT_TRUE(range->automatic.has_value());
  EXPECT_EQ(range->automatic->lower, 1e-4);

  // Rules run again (e.g. a newer rule version): the automatic bounds move, the pick stays.
  m_db.saveSuggestions(m_run, {}, engine::LrRange{2e-4, 2e-2, "lrscope-range", 2});
  range = m_db.loadRun(m_run).range;
  EXPECT_EQ(range->source, "manual");
  EXPECT_EQ(range->lower, 3e-4);
  EXPECT_EQ(range->automatic->upper, 2e-2);
  EXPECT_EQ(range->rule, "lrscope-range v2");

  range = m_db.resetRangeToAuto(m_run);
  ASSERT_TRUE(range.has_value());
  EXPECT_EQ(range->source, "auto");
  EXPECT_EQ(range->lower, 2e-4);
  EXPECT_EQ(range->upper, 2e-2);
  EXPECT_EQ(m_db.loadRun(m_run).range->lower, 2e-4);
}

TEST_F(RunAnnotations, ResetWithoutAnAutomaticRangeLeavesNoRange) {
  m_db.setManualRange(m_run, 1e-3, 1e-2);
  EXPECT_FALSE(m_db.resetRangeToAuto(m_run).has_value());
  EXPECT_FALSE(m_db.loadRun(m_run).range.has_value());
}

TEST_F(RunAnnotations, RefusesARangeThatIsNotOrdered) {
  for (const auto& [lower, upper] : std::vector<std::pair<double, double>>{
           {1e-2, 1e-3}, {1e-3, 1e-3}, {0.0, 1e-3}, {-1.0, 1.0}, {1e-3, std::nan("")}}) {
    EXPECT_NE(errorOf([&] {
                m_db.setManualRange(m_run, lower, upper);
              }).find("a range needs 0 < lower < upper"),
              std::string::npos);
  }
  EXPECT_FALSE(m_db.loadRun(m_run).range.has_value());
  EXPECT_NE(errorOf([&] { m_db.setManualRange(42, 1e-3, 1e-2); }).find("no run 42"),
            std::string::npos);
}

TEST_F(RunAnnotations, EventsComeBackInStepOrder) {
  m_db.addEvent(m_run, 50, "lr_change", R"({"lr": 0.01})");
  m_db.addEvent(m_run, 10, "lr_change", R"({"factor": 0.5})");
  const std::vector<RunEvent> events = m_db.loadEvents(m_run);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].step, 10);
  EXPECT_EQ(events[0].payloadJson, R"({"factor": 0.5})");
  EXPECT_EQ(events[1].step, 50);
  EXPECT_EQ(events[1].kind, "lr_change");
  EXPECT_EQ(events[1].createdAt.back(), 'Z');
}

TEST_F(RunAnnotations, ExperimentsAreCreatedRenamedMovedBetweenAndDeletedWithTheirRuns) {
  const int64_t sweeps = m_db.createExperiment("  sweeps ");
  EXPECT_EQ(m_db.createExperiment("sweeps"), sweeps); // exists: same one
  m_db.moveRun(m_run, "sweeps");
  std::vector<ExperimentSummary> experiments = m_db.listExperiments();
  ASSERT_EQ(experiments.size(), 2u);
  EXPECT_EQ(experiments[0].name, "lenet");
  EXPECT_EQ(experiments[0].runs, 0);
  EXPECT_EQ(experiments[1].name, "sweeps");
  EXPECT_EQ(experiments[1].runs, 1);

  EXPECT_EQ(errorOf([&] { m_db.renameExperiment(sweeps, "lenet"); }),
            "an experiment named 'lenet' exists; choose another name");
  EXPECT_EQ(errorOf([&] { m_db.renameExperiment(sweeps, "  "); }), "an experiment needs a name");
  m_db.renameExperiment(sweeps, "lr sweeps");
  EXPECT_EQ(m_db.loadRun(m_run).summary.experiment, "lr sweeps");
  RunFilter filter;
  filter.experiment = "lr sweeps";
  EXPECT_EQ(m_db.listRuns(filter).size(), 1u);

  m_db.deleteExperiment(sweeps);
  EXPECT_TRUE(m_db.listRuns().empty());
  EXPECT_EQ(m_db.listExperiments().size(), 1u);
  EXPECT_NE(errorOf([&] { m_db.deleteExperiment(sweeps); }).find("no experiment"),
            std::string::npos);
}

TEST_F(RunAnnotations, DateFiltersTakeDaysOrTimesAndRefuseOtherText) {
  const std::string started = m_db.loadRun(m_run).summary.startedAt; // 2026-11-29T18:20:00Z
  const std::string day = started.substr(0, 10);
  RunFilter filter;
  filter.startedFrom = day;
  filter.startedUntil = day; // a date covers its whole day
  EXPECT_EQ(m_db.listRuns(filter).size(), 1u);
  filter.startedUntil = started;
  EXPECT_EQ(m_db.listRuns(filter).size(), 1u);
  filter.startedFrom = "2999-01-01";
  filter.startedUntil = "";
  EXPECT_TRUE(m_db.listRuns(filter).empty());
  filter.startedFrom = "";
  filter.startedUntil = "2000-01-01T00:00";
  EXPECT_TRUE(m_db.listRuns(filter).empty());
  filter.startedUntil = "2024-02-29T23:59:59"; // a leap day
  EXPECT_TRUE(m_db.listRuns(filter).empty());
  for (const char* notADate : {"last week", "2026-13-45", "2026-02-29", "2026-04-31", "2026-00-10",
                               "2026-01-01T24:00", "2026-01-01T12:60"}) {
    filter.startedUntil = notADate;
    EXPECT_EQ(errorOf([&] { (void)m_db.listRuns(filter); }),
              std::string("end date \"") + notADate +
                  "\" is not a date; write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS (UTC)");
  }
}

TEST_F(RunAnnotations, LoadRunsGivesSeveralRunsInTheOrderAsked) {
  NewRun second;
  second.model = "mlp";
  const int64_t other = m_db.createRun(second);
  m_db.appendSteps(m_run, makeSteps(0, 50));
  m_db.appendSteps(other, makeSteps(0, 5000));
  const std::vector<RunCurve> curves = m_db.loadRuns({other, m_run}, 400);
  ASSERT_EQ(curves.size(), 2u);
  EXPECT_EQ(curves[0].details.summary.model, "mlp");
  EXPECT_EQ(curves[0].details.summary.steps, 5000);
  EXPECT_LE(curves[0].steps.size(), 400u);
  EXPECT_GE(curves[0].steps.size(), 300u);
  EXPECT_EQ(curves[1].steps.size(), 50u); // short enough: all of it
  EXPECT_NE(errorOf([&] {
              (void)m_db.loadRuns({m_run, 77});
            }).find("no run 77"),
            std::string::npos);
}

} // namespace
} // namespace lrscope::storage
