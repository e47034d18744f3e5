// Curves imported as runs: a stored run exported as CSV or JSON and imported again gives the
// same curve to the last bit; other tools' files; broken files and a database that fails
// half-way leave no run behind.
#include "lrscope/storage/curve_import.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/storage/run_export.h"
#include "storage/temp_dir.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <limits>

namespace lrscope::storage {
namespace {

using test::makeSteps;
using test::sameReal;
using test::TempDir;

void writeText(const std::filesystem::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}

std::string inputErrorOf(const std::filesystem::path& file) {
  try {
    (void)readCurveImport(file);
  } catch (const engine::InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no InputError for " << file;
  return {};
}

class CurveImportTest : public ::testing::Test {
protected:
  CurveImportTest() : m_db(m_dir.path() / "runs.db") {
    NewRun run;
    run.configJson = R"({"model": {"name": "mlp"}, "data": {"source": "fashion-mnist"}})";
    run.dataset = "fashion-mnist";
    run.model = "mlp";
    run.seed = 42;
    m_run = m_db.createRun(run);
    std::vector<engine::StepRecord> steps = makeSteps(0, 150); // NaN raw losses at 13 and 110
    steps[140].loss = std::numeric_limits<double>::infinity();
    steps[141].smoothedLoss = 2.0000000000000004;                         // one ulp above 2
    steps[142].groupLrs[0] = std::nextafter(steps[142].groupLrs[0], 1.0); // one ulp up
    m_db.appendSteps(m_run, steps);
    m_db.finishRun(m_run, engine::RunStatus::Diverged, "smoothed loss 9 > 4 x best 2", 3.5);
    m_db.saveSuggestions(m_run, {{"valley", 1, 1e-4, 2.1, 40}},
                         engine::LrRange{1e-5, 1e-4, "lrscope-range", 1});
    m_db.setManualRange(m_run, 2e-5, 3e-4);
    m_db.setNotes(m_run, "first try");
    m_db.setTags(m_run, {"baseline", "mlp"});
    m_db.addEvent(m_run, 12, "lr_change", R"({"lr": 0.5})");
    m_db.saveClassesAndWarnings(m_run, {"T-shirt/top", "Trouser"}, {"skipped 3 unreadable images"});
  }

  /// The run's steps after a round trip through `file`, imported into this database.
  std::vector<engine::StepRecord> importedSteps(const std::filesystem::path& file,
                                                int64_t* id = nullptr) {
    const int64_t imported = importCurve(m_db, readCurveImport(file), "imports");
    if (id != nullptr)
      *id = imported;
    return m_db.loadSteps(imported);
  }

  TempDir m_dir;
  RunDatabase m_db;
  int64_t m_run = 0;
};

TEST_F(CurveImportTest, CsvExportImportedAgainGivesTheSameCurveToTheLastBit) {
  const std::vector<engine::StepRecord> original = m_db.loadSteps(m_run);
  exportRunCsv(m_db.loadRuns({m_run}).front(), m_dir.path() / "run.csv");
  int64_t id = 0;
  const std::vector<engine::StepRecord> back = importedSteps(m_dir.path() / "run.csv", &id);
  ASSERT_EQ(back.size(), original.size());
  for (std::size_t i = 0; i < back.size(); ++i) {
    EXPECT_EQ(back[i].groupLrs.front(), original[i].groupLrs.front()) << "step " << i;
    EXPECT_TRUE(sameReal(back[i].loss, original[i].loss)) << "step " << i;
    EXPECT_EQ(back[i].smoothedLoss, original[i].smoothedLoss) << "step " << i;
  }
  EXPECT_TRUE(std::isinf(back[140].loss));
  EXPECT_TRUE(std::isnan(back[13].loss));

  const RunDetails run = m_db.loadRun(id);
  EXPECT_EQ(run.summary.kind, engine::RunKind::Imported);
  EXPECT_EQ(run.summary.experiment, "imports");
  EXPECT_EQ(run.summary.dataset, "run.csv");
  EXPECT_EQ(run.sourceFile, (m_dir.path() / "run.csv").string());
  EXPECT_EQ(nlohmann::json::parse(run.configJson)["format"], "CSV (lr, loss)");
  EXPECT_EQ(run.suggestions.size(), 6u);
}

TEST_F(CurveImportTest, JsonExportKeepsNamesConfigStepsNotesTagsClassesEventsAndTheManualRange) {
  const std::vector<engine::StepRecord> original = m_db.loadSteps(m_run);
  exportRunJson(m_db.loadRuns({m_run}).front(), m_db.loadEvents(m_run), {},
                m_dir.path() / "run.json");
  const CurveImport read = readCurveImport(m_dir.path() / "run.json");
  EXPECT_EQ(read.format, engine::CurveFormat::LrScopeRunJson);
  int64_t id = 0;
  const std::vector<engine::StepRecord> back = importedSteps(m_dir.path() / "run.json", &id);
  ASSERT_EQ(back.size(), original.size());
  for (std::size_t i = 0; i < back.size(); ++i) {
    EXPECT_EQ(back[i].step, original[i].step);
    EXPECT_EQ(back[i].groupLrs, original[i].groupLrs) << "step " << i;
    EXPECT_EQ(back[i].smoothedLoss, original[i].smoothedLoss) << "step " << i;
    EXPECT_TRUE(sameReal(back[i].batchAccuracy, original[i].batchAccuracy)) << "step " << i;
    EXPECT_EQ(back[i].wallSeconds, original[i].wallSeconds) << "step " << i;
    EXPECT_EQ(back[i].validationLoss, original[i].validationLoss) << "step " << i;
    EXPECT_EQ(back[i].validationAccuracy, original[i].validationAccuracy) << "step " << i;
    if (std::isfinite(original[i].loss))
      EXPECT_EQ(back[i].loss, original[i].loss) << "step " << i;
    else
      EXPECT_TRUE(std::isnan(back[i].loss)) << "step " << i; // JSON writes null
  }

  const RunDetails run = m_db.loadRun(id);
  EXPECT_EQ(run.summary.kind, engine::RunKind::Imported);
  EXPECT_EQ(run.summary.status, engine::StoredStatus::Diverged);
  EXPECT_EQ(run.summary.dataset, "fashion-mnist");
  EXPECT_EQ(run.summary.model, "mlp");
  EXPECT_EQ(run.summary.notes, "first try");
  EXPECT_EQ(run.summary.tags, (std::vector<std::string>{"baseline", "mlp"}));
  EXPECT_EQ(run.classNames, (std::vector<std::string>{"T-shirt/top", "Trouser"}));
  EXPECT_EQ(run.warnings, std::vector<std::string>{"skipped 3 unreadable images"});
  EXPECT_DOUBLE_EQ(run.summary.durationSeconds, 3.5);
  EXPECT_EQ(run.seed, 42u);
  EXPECT_EQ(nlohmann::json::parse(run.configJson)["model"]["name"], "mlp");
  EXPECT_EQ(run.sourceFile, (m_dir.path() / "run.json").string());
  EXPECT_NE(run.message.find("imported from " + run.sourceFile), std::string::npos);
  EXPECT_NE(run.message.find("smoothed loss 9 > 4 x best 2"), std::string::npos) << run.message;
  ASSERT_TRUE(run.range);
  EXPECT_EQ(run.range->source, "manual");
  EXPECT_EQ(run.range->lower, 2e-5);
  EXPECT_EQ(run.range->upper, 3e-4);
  EXPECT_EQ(run.suggestions.size(), 6u); // computed again from the curve
  const std::vector<RunEvent> events = m_db.loadEvents(id);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].step, 12);
  EXPECT_EQ(nlohmann::json::parse(events[0].payloadJson)["lr"], 0.5);
}

TEST_F(CurveImportTest, OtherToolsFilesBecomeRunsNamedAfterTheFile) {
  writeText(m_dir.path() / "fastai.csv", ",lrs,losses\n0,1e-05,tensor(2.30)\n1,1e-04,"
                                         "tensor(2.10)\n2,1e-03,tensor(1.50)\n3,1e-02,"
                                         "tensor(3.00)\n");
  writeText(m_dir.path() / "history.json", "{\"lr\": [1e-5, 1e-4, 1e-3, 1e-2], \"loss\": [2.3, "
                                           "2.1, 1.5, NaN]}");
  for (const char* name : {"fastai.csv", "history.json"}) {
    int64_t id = 0;
    const std::vector<engine::StepRecord> steps = importedSteps(m_dir.path() / name, &id);
    ASSERT_EQ(steps.size(), 4u) << name;
    EXPECT_EQ(steps[2].groupLrs, (std::vector<double>{1e-3})) << name;
    EXPECT_EQ(steps[2].smoothedLoss, 1.5) << name;
    const RunDetails run = m_db.loadRun(id);
    EXPECT_EQ(run.summary.dataset, name);
    EXPECT_EQ(run.summary.model, "(imported)");
    EXPECT_EQ(run.summary.status, engine::StoredStatus::Completed);
  }
  EXPECT_EQ(readCurveImport(m_dir.path() / "fastai.csv").format,
            engine::CurveFormat::FastaiRecorderCsv);
  EXPECT_EQ(readCurveImport(m_dir.path() / "history.json").format,
            engine::CurveFormat::LrFinderHistoryJson);
}

TEST_F(CurveImportTest, BrokenFilesSayWhatIsWrongInOneLine) {
  const auto& dir = m_dir.path();
  writeText(dir / "notes.txt", "just some notes\n");
  writeText(dir / "columns.csv", "lr,accuracy\n0.1,0.5\n0.2,0.6\n");
  writeText(dir / "order.csv", "lr,loss\n0.1,2\n0.01,1\n");
  writeText(dir / "zero.csv", ",lrs,losses\n0,0,tensor(2.3)\n1,0.1,tensor(2.2)\n");
  writeText(dir / "empty.json", "");
  exportRunJson(m_db.loadRuns({m_run}).front(), {}, {}, dir / "run.json");
  std::ifstream in(dir / "run.json");
  nlohmann::json exported = nlohmann::json::parse(in);
  exported["range"]["lower"] = 1.0; // above upper
  writeText(dir / "range.json", exported.dump());
  exported = nlohmann::json::parse(std::ifstream(dir / "run.json"));
  exported["kind"] = "training";
  writeText(dir / "training.json", exported.dump());
  exported = nlohmann::json::parse(std::ifstream(dir / "run.json"));
  exported["step_metrics"]["wall_time_s"].erase(0);
  writeText(dir / "short.json", exported.dump());

  const std::vector<std::pair<std::string, std::string>> expected = {
      {"notes.txt", "notes.txt: not a curve LR Scope can import: expected a CSV with lr and loss "
                    "columns, a pytorch-lr-finder history JSON, a fastai recorder CSV (lrs, "
                    "losses) or an LR Scope run export (.json)"},
      {"columns.csv", "columns.csv: no column \"loss\", \"losses\" or \"smoothed_loss\""},
      {"order.csv", "order.csv:3: lr 0.01 is not greater than the previous lr 0.1"},
      {"zero.csv", "zero.csv:2: lr 0 is not greater than 0"},
      {"empty.json", "empty.json: the file is empty"},
      {"range.json", "range.json: the manual \"range\" 1.0 .. 0.0003 is not 0 < lower < upper"},
      {"training.json", "training.json: run 1 is a training run, not a loss-vs-LR curve"},
      {"short.json", "short.json: \"step_metrics.wall_time_s\" is not an array of 150 values"},
  };
  for (const auto& [name, part] : expected) {
    const std::string message = inputErrorOf(dir / name);
    EXPECT_NE(message.find(part), std::string::npos) << name << ": " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
  EXPECT_EQ(m_db.listRuns().size(), 1u);
}

TEST_F(CurveImportTest, ADatabaseThatFailsHalfWayLeavesNoRunBehind) {
  exportRunJson(m_db.loadRuns({m_run}).front(), m_db.loadEvents(m_run), {},
                m_dir.path() / "run.json");
  const CurveImport read = readCurveImport(m_dir.path() / "run.json");
  {
    // The steps are stored by then; the events are not.
    SQLite::Database raw((m_dir.path() / "runs.db").string(), SQLite::OPEN_READWRITE);
    raw.exec("CREATE TRIGGER no_events BEFORE INSERT ON events "
             "BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END");
  }
  EXPECT_THROW((void)importCurve(m_db, read), StorageError);
  const std::vector<RunSummary> runs = m_db.listRuns();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].id, m_run);
}

} // namespace
} // namespace lrscope::storage
