// lrscope export, merge and import through the real executable: files a script can read,
// databases brought together without duplicates, curves from other tools stored as runs.
#include "app/lrscope_process.h"

#include <gtest/gtest.h>

namespace lrscope::cli {
namespace {

namespace fs = std::filesystem;
using engine::test::contains;
using engine::test::TempDir;
using engine::test::writeText;
using test::blobsCsv;
using test::failedWithOneLine;
using test::jsonOf;
using test::ProcessResult;
using test::readFile;
using test::runLrscope;

/// A stored 40-step logreg range test in dir/db; returns its id.
int64_t storedFind(const fs::path& dir, const std::string& db) {
  const ProcessResult find = runLrscope({"find", "--data", "table.csv", "--label", "y", "--model",
                                         "logreg", "--iters", "40", "--db", db, "--json"},
                                        dir);
  EXPECT_EQ(find.exitCode, 0) << find.err;
  return jsonOf(find).value("run_id", int64_t{-1});
}

class CliStorage : public ::testing::Test {
protected:
  CliStorage() { writeText(m_dir.path() / "table.csv", blobsCsv(300)); }
  TempDir m_dir;
};

TEST_F(CliStorage, ExportWritesAPandasReadableCsvAndTheWholeRunAsJson) {
  const int64_t id = storedFind(m_dir.path(), "runs.db");
  const ProcessResult exported = runLrscope({"export", std::to_string(id), "--db", "runs.db",
                                             "--csv", "steps.csv", "--json-file", "run.json"},
                                            m_dir.path());
  ASSERT_EQ(exported.exitCode, 0) << exported.err;
  EXPECT_EQ(exported.err, "");
  EXPECT_TRUE(contains(exported.out, "wrote 40 steps of run " + std::to_string(id)));

  std::istringstream csv(readFile(m_dir.path() / "steps.csv"));
  std::string header;
  std::getline(csv, header);
  EXPECT_EQ(header, "step,lr,loss,smoothed_loss,batch_accuracy_fraction,val_loss,"
                    "val_accuracy_fraction,wall_time_s"); // one parameter group: no group columns
  int rows = 0;
  for (std::string line; std::getline(csv, line); ++rows)
    EXPECT_EQ(std::count(line.begin(), line.end(), ','), 7) << line;
  EXPECT_EQ(rows, 40);

  const nlohmann::json run = nlohmann::json::parse(readFile(m_dir.path() / "run.json"));
  EXPECT_EQ(run["format"], "lrscope-run");
  EXPECT_EQ(run["id"], id);
  EXPECT_EQ(run["config"]["model"]["name"], "logreg");
  EXPECT_EQ(run["step_metrics"]["loss"].size(), 40u);
  EXPECT_TRUE(run["suggestions"].contains("valley"));
}

TEST_F(CliStorage, ExportRefusesAMissingRunAMissingTargetAndAnUnwritableFolder) {
  const int64_t id = storedFind(m_dir.path(), "runs.db");
  EXPECT_TRUE(failedWithOneLine(
      runLrscope({"export", "99", "--db", "runs.db", "--csv", "x.csv"}, m_dir.path()),
      {"no run 99 in runs.db"}));
  EXPECT_TRUE(
      failedWithOneLine(runLrscope({"export", std::to_string(id), "--db", "runs.db"}, m_dir.path()),
                        {"--csv FILE or --json-file FILE"}));
  EXPECT_TRUE(failedWithOneLine(
      runLrscope({"export", std::to_string(id), "--db", "runs.db", "--csv", "no/such/folder/x.csv"},
                 m_dir.path()),
      {"no/such/folder/x.csv", "cannot write"}));
  EXPECT_FALSE(fs::exists(m_dir.path() / "x.csv"));
}

TEST_F(CliStorage, ExportStillTakesTheOldJsonSpellingWithANoticeNamingTheNewFlag) {
  const int64_t id = storedFind(m_dir.path(), "runs.db");
  const ProcessResult exported = runLrscope(
      {"export", std::to_string(id), "--db", "runs.db", "--json", "run.json"}, m_dir.path());
  ASSERT_EQ(exported.exitCode, 0) << exported.err;
  EXPECT_EQ(exported.err, "lrscope: warning: export --json FILE is deprecated; use --json-file "
                          "FILE\n");
  EXPECT_TRUE(contains(exported.out, "wrote run " + std::to_string(id) + " to run.json"));
  const nlohmann::json run = nlohmann::json::parse(readFile(m_dir.path() / "run.json"));
  EXPECT_EQ(run["format"], "lrscope-run");
  EXPECT_EQ(run["id"], id);
}

// No output path may be the database in use (or its -wal/-shm), nor any other SQLite file:
// each writer refuses in one line before writing, and the runs are all still there.
TEST_F(CliStorage, NoOutputWritesOverADatabase) {
  const int64_t id = storedFind(m_dir.path(), "runs.db");
  const std::string run = std::to_string(id);
  const std::vector<std::vector<std::string>> writes = {
      {"report", run, "--db", "runs.db", "--html", "runs.db"},
      {"report", run, "--db", "runs.db", "--pdf", "runs.db-wal"},
      {"export", run, "--db", "runs.db", "--csv", "runs.db"},
      {"export", run, "--db", "runs.db", "--json-file", "runs.db-shm"},
      {"find", "--data", "table.csv", "--label", "y", "--model", "logreg", "--iters", "20", "--db",
       "runs.db", "--save-curve", "runs.db", "-q"}};
  for (const std::vector<std::string>& args : writes) {
    EXPECT_TRUE(failedWithOneLine(runLrscope(args, m_dir.path()), {"runs.db", "refusing"}))
        << test::commandLine(args);
  }
  const ProcessResult shown = runLrscope({"show", run, "--db", "runs.db"}, m_dir.path());
  EXPECT_EQ(shown.exitCode, 0) << shown.err;
  const ProcessResult listed = runLrscope({"runs", "--db", "runs.db", "--json"}, m_dir.path());
  ASSERT_EQ(listed.exitCode, 0) << listed.err;
  EXPECT_EQ(nlohmann::json::parse(listed.out).size(), 1U); // the refused find stored nothing
}

TEST_F(CliStorage, RunsFiltersByKindAndStatusAndRefusesNamesItDoesNotKnow) {
  const int64_t id = storedFind(m_dir.path(), "runs.db");
  const ProcessResult rangeTests = runLrscope(
      {"runs", "--db", "runs.db", "--kind", "range_test", "--status", "completed", "--json"},
      m_dir.path());
  ASSERT_EQ(rangeTests.exitCode, 0) << rangeTests.err;
  const nlohmann::json listed = nlohmann::json::parse(rangeTests.out);
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_EQ(listed[0]["id"], id);
  const ProcessResult sweeps =
      runLrscope({"runs", "--db", "runs.db", "--kind", "sweep", "--json"}, m_dir.path());
  ASSERT_EQ(sweeps.exitCode, 0) << sweeps.err;
  EXPECT_TRUE(nlohmann::json::parse(sweeps.out).empty());
  // A name no LR Scope stores is a typo, not an empty filter: say which names there are.
  EXPECT_TRUE(failedWithOneLine(
      runLrscope({"runs", "--db", "runs.db", "--kind", "sweeps"}, m_dir.path()),
      {"--kind", "'sweeps'",
       "range_test, group_range_test, repeated_range_test, training, sweep, audit, imported"}));
  EXPECT_TRUE(
      failedWithOneLine(runLrscope({"runs", "--db", "runs.db", "--status", "done"}, m_dir.path()),
                        {"--status", "'done'", "interrupted"}));
}

TEST_F(CliStorage, ExportRefusesJsonWithoutAFileAndNamesJsonFile) {
  // --json means "print JSON" elsewhere; export writes files only, so it says which flag does.
  const int64_t id = storedFind(m_dir.path(), "runs.db");
  EXPECT_TRUE(failedWithOneLine(
      runLrscope({"export", std::to_string(id), "--db", "runs.db", "--json"}, m_dir.path()),
      {"--json", "--json-file FILE"}));
  EXPECT_TRUE(failedWithOneLine(runLrscope({"export", std::to_string(id), "--db", "runs.db",
                                            "--json-file", "a.json", "--json", "b.json"},
                                           m_dir.path()),
                                {"--json-file FILE"}));
  EXPECT_FALSE(fs::exists(m_dir.path() / "a.json"));
  EXPECT_FALSE(fs::exists(m_dir.path() / "b.json"));
}

TEST_F(CliStorage, FindStoresItsRunInTheExperimentGivenOrInDefault) {
  const ProcessResult find =
      runLrscope({"find", "--data", "table.csv", "--label", "y", "--model", "logreg", "--iters",
                  "20", "--db", "runs.db", "--experiment", "widths", "--json", "-q"},
                 m_dir.path());
  ASSERT_EQ(find.exitCode, 0) << find.err;
  const int64_t id = jsonOf(find).value("run_id", int64_t{-1});
  const int64_t defaultId = storedFind(m_dir.path(), "runs.db");
  for (const auto& [experiment, expected] :
       {std::pair{"widths", id}, std::pair{"default", defaultId}}) {
    const nlohmann::json listed = jsonOf(runLrscope(
        {"runs", "--db", "runs.db", "--experiment", experiment, "--json"}, m_dir.path()));
    ASSERT_EQ(listed.size(), 1u) << listed.dump(2);
    EXPECT_EQ(listed[0]["id"], expected);
    EXPECT_EQ(listed[0]["experiment"], experiment);
  }
}

TEST_F(CliStorage, MergeCopiesRunsOnceAndLeavesTheOtherDatabaseAlone) {
  (void)storedFind(m_dir.path(), "laptop.db");
  (void)storedFind(m_dir.path(), "cluster.db");
  (void)storedFind(m_dir.path(), "cluster.db");
  const ProcessResult first =
      runLrscope({"merge", "cluster.db", "--db", "laptop.db"}, m_dir.path());
  ASSERT_EQ(first.exitCode, 0) << first.err;
  EXPECT_EQ(first.out, "cluster.db: copied 2 runs, 0 already here\n");
  const ProcessResult again =
      runLrscope({"merge", "cluster.db", "--db", "laptop.db"}, m_dir.path());
  EXPECT_EQ(again.out, "cluster.db: copied 0 runs, 2 already here\n");

  const nlohmann::json runs =
      jsonOf(runLrscope({"runs", "--db", "laptop.db", "--json"}, m_dir.path()));
  ASSERT_EQ(runs.size(), 3u);
  for (const nlohmann::json& run : runs)
    EXPECT_EQ(run["steps"], 40);
  EXPECT_EQ(jsonOf(runLrscope({"runs", "--db", "cluster.db", "--json"}, m_dir.path())).size(), 2u);
  EXPECT_TRUE(
      failedWithOneLine(runLrscope({"merge", "nowhere.db", "--db", "laptop.db"}, m_dir.path()),
                        {"nowhere.db", "no such database file"}));
}

TEST_F(CliStorage, ImportStoresAnotherToolsCurveWithSuggestionsAndItsSource) {
  std::string curve = "lr,loss\n";
  for (int i = 0; i < 100; ++i) {
    const double x = -7.0 + 7.0 * i / 99.0;
    const double loss = 2.3 - 2.0 / (1.0 + std::exp(-2.0 * (x + 3.0))) + std::exp(3.0 * (x + 0.5));
    char row[64];
    std::snprintf(row, sizeof row, "%.9g,%.9g\n", std::pow(10.0, x), loss);
    curve += row;
  }
  writeText(m_dir.path() / "fastai.csv", curve);
  const ProcessResult imported =
      runLrscope({"import", "fastai.csv", "--db", "runs.db"}, m_dir.path());
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  EXPECT_TRUE(contains(imported.out, "fastai.csv: imported as run 1 (100 points, CSV (lr, loss))"));
  const nlohmann::json run =
      jsonOf(runLrscope({"show", "1", "--db", "runs.db", "--json"}, m_dir.path()));
  EXPECT_EQ(run["kind"], "imported");
  EXPECT_EQ(run["status"], "completed");
  EXPECT_TRUE(contains(run["source_file"].get<std::string>(), "fastai.csv"));
  EXPECT_EQ(run["suggestions"].size(), 6u);
  EXPECT_EQ(run["range"]["source"], "auto");

  writeText(m_dir.path() / "broken.csv", "lr,loss\n0.1,2\n0.01,1\n");
  EXPECT_TRUE(failedWithOneLine(
      runLrscope({"import", "fastai.csv", "broken.csv", "--db", "runs.db"}, m_dir.path()),
      {"broken.csv"}));
  EXPECT_EQ(jsonOf(runLrscope({"runs", "--db", "runs.db", "--json"}, m_dir.path())).size(),
            1u); // one bad file imports nothing
}

TEST_F(CliStorage, ImportsEachFormatAndAnExportedRunBackWithItsNames) {
  const int64_t id = storedFind(m_dir.path(), "runs.db");
  ASSERT_EQ(runLrscope({"export", std::to_string(id), "--db", "runs.db", "--csv", "run.csv",
                        "--json-file", "run.json"},
                       m_dir.path())
                .exitCode,
            0);
  writeText(m_dir.path() / "fastai.csv", ",lrs,losses\n0,1e-05,tensor(2.30)\n1,1e-04,"
                                         "tensor(2.10)\n2,1e-03,tensor(1.50)\n");
  writeText(m_dir.path() / "history.json", "{\"lr\": [1e-5, 1e-4, 1e-3], \"loss\": [2.3, 2.1, "
                                           "NaN]}");
  const ProcessResult imported = runLrscope(
      {"import", "run.csv", "run.json", "fastai.csv", "history.json", "--db", "other.db"},
      m_dir.path());
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  for (const char* line : {"run.csv: imported as run 1 (40 points, CSV (lr, loss))",
                           "run.json: imported as run 2 (40 points, LR Scope run export)",
                           "fastai.csv: imported as run 3 (3 points, fastai recorder CSV)",
                           "history.json: imported as run 4 (3 points, pytorch-lr-finder history)"})
    EXPECT_TRUE(contains(imported.out, line)) << imported.out;

  const nlohmann::json original =
      jsonOf(runLrscope({"show", std::to_string(id), "--db", "runs.db", "--json"}, m_dir.path()));
  const nlohmann::json back =
      jsonOf(runLrscope({"show", "2", "--db", "other.db", "--json"}, m_dir.path()));
  EXPECT_EQ(back["kind"], "imported");
  EXPECT_EQ(back["data"], original["data"]);
  EXPECT_EQ(back["model"], "logreg");
  EXPECT_EQ(back["config"], original["config"]);
  EXPECT_EQ(back["steps"], 40);
  EXPECT_TRUE(contains(back["source_file"].get<std::string>(), "run.json"));
  // The same curve gives the same suggestions.
  EXPECT_EQ(back["suggestions"], original["suggestions"]);
}

TEST_F(CliStorage, ImportRefusesWhatIsNoCurveInOneLineAndImportsNothing) {
  writeText(m_dir.path() / "good.csv", "lr,loss\n0.1,2\n0.2,1\n");
  writeText(m_dir.path() / "notes.txt", "hello\n");
  EXPECT_TRUE(failedWithOneLine(
      runLrscope({"import", "good.csv", "notes.txt", "--db", "runs.db"}, m_dir.path()),
      {"notes.txt: not a curve LR Scope can import: expected a CSV with lr and loss columns, a "
       "pytorch-lr-finder history JSON, a fastai recorder CSV (lrs, losses) or an LR Scope run "
       "export (.json)"}));
  writeText(m_dir.path() / "missing.csv", ",lrs,accuracy\n0,0.1,0.5\n1,0.2,0.6\n");
  EXPECT_TRUE(
      failedWithOneLine(runLrscope({"import", "missing.csv", "--db", "runs.db"}, m_dir.path()),
                        {"missing.csv: no column \"loss\", \"losses\" or \"smoothed_loss\""}));
  EXPECT_EQ(jsonOf(runLrscope({"runs", "--db", "runs.db", "--json"}, m_dir.path())).size(), 0u);
}

} // namespace
} // namespace lrscope::cli
