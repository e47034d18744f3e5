// Min/max downsampling of long curves, and the CSV and JSON exports of a stored run.
#include "lrscope/storage/curve_downsampling.h"
#include "lrscope/storage/run_export.h"
#include "storage/temp_dir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <limits>
#include <sstream>

namespace lrscope::storage {
namespace {

using test::makeSteps;
using test::TempDir;

std::vector<std::string> lines(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<std::string> result;
  for (std::string line; std::getline(in, line);) {
    result.push_back(line);
  }
  return result;
}

TEST(DownsampleMinMax, KeepsSpikesDipsAndBothEnds) {
  std::vector<engine::StepRecord> steps = makeSteps(0, 10000);
  for (engine::StepRecord& step : steps) {
    step.loss = 1.0;
  }
  steps[4321].loss = 50.0; // a spike
  steps[7777].loss = 0.01; // a dip
  steps[5000].loss = std::nan("");
  const std::vector<engine::StepRecord> kept = downsampleMinMax(steps, 500);
  EXPECT_LE(kept.size(), 500u);
  EXPECT_GE(kept.size(), 250u);
  EXPECT_EQ(kept.front().step, 0);
  EXPECT_EQ(kept.back().step, 9999);
  bool spike = false;
  bool dip = false;
  for (std::size_t i = 0; i < kept.size(); ++i) {
    spike = spike || kept[i].step == 4321;
    dip = dip || kept[i].step == 7777;
    if (i > 0) {
      EXPECT_LT(kept[i - 1].step, kept[i].step);
    }
  }
  EXPECT_TRUE(spike);
  EXPECT_TRUE(dip);
}

TEST(DownsampleMinMax, LeavesShortCurvesAndZeroAlone) {
  const std::vector<engine::StepRecord> steps = makeSteps(0, 100);
  EXPECT_EQ(downsampleMinMax(steps, 100).size(), 100u);
  EXPECT_EQ(downsampleMinMax(steps, 0).size(), 100u);
  EXPECT_LE(downsampleMinMax(steps, 10).size(), 10u);
}

class RunExport : public ::testing::Test {
protected:
  RunExport() : m_db(m_dir.path() / "runs.db") {
    NewRun run;
    run.configJson = R"({"model": {"name": "mlp"}})";
    run.dataset = "fashion-mnist";
    m_run = m_db.createRun(run);
    m_db.appendSteps(m_run, makeSteps(0, 200)); // two groups, NaN at step 13, val at 99, 199
    m_db.finishRun(m_run, engine::RunStatus::Completed, "done", 2.0);
    m_db.saveSuggestions(m_run, {{"valley", 1, 1e-3, 1.5, 40}},
                         engine::LrRange{1e-4, 1e-2, "lrscope-range", 1});
    m_db.addEvent(m_run, 12, "lr_change", R"({"lr": 0.5})");
  }

  TempDir m_dir;
  RunDatabase m_db;
  int64_t m_run = 0;
};

TEST_F(RunExport, CsvHasOneRowPerStepAndEmptyCellsForMissingValues) {
  const auto file = m_dir.path() / "run.csv";
  exportRunCsv(m_db.loadRuns({m_run}).front(), file);
  const std::vector<std::string> rows = lines(file);
  ASSERT_EQ(rows.size(), 201u);
  EXPECT_EQ(rows[0], "step,lr,lr_group_0,lr_group_1,loss,smoothed_loss,batch_accuracy_fraction,"
                     "val_loss,val_accuracy_fraction,wall_time_s");
  EXPECT_EQ(rows[1], "0,1e-06,1e-06,1e-07,2.3,2.3,0.1,,,0");
  EXPECT_EQ(rows[14].substr(0, 3), "13,");
  EXPECT_NE(rows[14].find(",,"), std::string::npos);                     // the NaN loss of step 13
  EXPECT_EQ(rows[100].substr(rows[100].size() - 15), ",1.599,0.6,0.99"); // validation at 99
  EXPECT_FALSE(std::filesystem::exists(m_dir.path() / "run.csv.part"));
}

TEST_F(RunExport, JsonHoldsConfigStepsSuggestionsRangeAndEvents) {
  const auto file = m_dir.path() / "run.json";
  exportRunJson(m_db.loadRuns({m_run}).front(), m_db.loadEvents(m_run), {}, file);
  std::ifstream in(file);
  const nlohmann::json run = nlohmann::json::parse(in);
  EXPECT_EQ(run["format"], "lrscope-run");
  EXPECT_EQ(run["format_version"], 2);
  EXPECT_EQ(run["epochs"], nlohmann::json::array());
  EXPECT_EQ(run["step_metrics"]["batch_accuracy_fraction"][1], 0.1005);
  EXPECT_EQ(run["status"], "completed");
  EXPECT_EQ(run["config"]["model"]["name"], "mlp");
  EXPECT_EQ(run["suggestions"]["valley"]["lr"], 1e-3);
  EXPECT_EQ(run["range"]["lower"], 1e-4);
  EXPECT_EQ(run["range"]["source"], "auto");
  EXPECT_EQ(run["events"][0]["payload"]["lr"], 0.5);
  EXPECT_EQ(run["step_metrics"]["loss"].size(), 200u);
  EXPECT_TRUE(run["step_metrics"]["loss"][13].is_null());
  EXPECT_EQ(run["step_metrics"]["lr_group_1"][0], 1e-7);
  EXPECT_EQ(run["step_metrics"]["val_loss"][99], 1.599);
}

TEST_F(RunExport, CsvWritesInfiniteLossesAsInfAndJsonHoldsATrainingRunsEpochs) {
  std::vector<engine::StepRecord> steps = makeSteps(200, 2);
  steps[0].loss = std::numeric_limits<double>::infinity();
  steps[1].loss = -std::numeric_limits<double>::infinity();
  m_db.appendSteps(m_run, steps);
  engine::EpochRecord epoch;
  epoch.epoch = 0;
  epoch.trainLoss = 0.5;
  epoch.trainAccuracy = 0.8;
  epoch.validationLoss = 0.6;
  epoch.validationAccuracy = 0.75;
  epoch.testLoss = 0.65;
  epoch.testAccuracy = std::nan(""); // regression-like: not recorded
  epoch.groupLrs = {0.1, 0.01};
  epoch.wallSeconds = 12.5;
  m_db.appendEpoch(m_run, epoch);

  const RunCurve run = m_db.loadRuns({m_run}).front();
  exportRunCsv(run, m_dir.path() / "run.csv");
  const std::vector<std::string> rows = lines(m_dir.path() / "run.csv");
  ASSERT_EQ(rows.size(), 203u);
  EXPECT_EQ(rows[201].substr(0, 4), "200,");
  EXPECT_NE(rows[201].find(",inf,"), std::string::npos) << rows[201];
  EXPECT_NE(rows[202].find(",-inf,"), std::string::npos) << rows[202];

  exportRunJson(run, {}, m_db.loadEpochs(m_run), m_dir.path() / "run.json");
  std::ifstream in(m_dir.path() / "run.json");
  const nlohmann::json json = nlohmann::json::parse(in);
  ASSERT_EQ(json["epochs"].size(), 1u);
  const nlohmann::json& first = json["epochs"][0];
  EXPECT_EQ(first["epoch"], 0);
  EXPECT_EQ(first["train_loss"], 0.5);
  EXPECT_EQ(first["train_accuracy_fraction"], 0.8);
  EXPECT_EQ(first["val_accuracy_fraction"], 0.75);
  EXPECT_EQ(first["test_loss"], 0.65);
  EXPECT_TRUE(first["test_accuracy_fraction"].is_null());
  EXPECT_EQ(first["lr"], 0.1);
  EXPECT_EQ(first["wall_time_s"], 12.5);
  EXPECT_TRUE(json["step_metrics"]["loss"][200].is_null()); // JSON has no infinity
}

TEST_F(RunExport, AFolderThatCannotBeWrittenLeavesNothingBehind) {
  const auto file = m_dir.path() / "missing-folder" / "run.csv";
  try {
    exportRunCsv(m_db.loadRuns({m_run}).front(), file);
    ADD_FAILURE() << "no error";
  } catch (const std::exception& error) {
    EXPECT_NE(std::string(error.what()).find("missing-folder/run.csv: cannot write here"),
              std::string::npos)
        << error.what();
  }
  EXPECT_FALSE(std::filesystem::exists(file));
}

} // namespace
} // namespace lrscope::storage
