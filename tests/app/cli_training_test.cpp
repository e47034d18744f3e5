// lrscope train, sweep and audit run as real processes on tiny data: what they print, what they
// store, and how they refuse bad input.
#include "app/lrscope_process.h"
#include "app/stored_count.h"
#include "engine/data/test_files.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace lrscope::cli {
namespace {

namespace fs = std::filesystem;
using engine::test::contains;
using engine::test::TempDir;
using engine::test::writeText;
using test::blobsCsv;
using test::commandLine;
using test::count;
using test::failedWithOneLine;
using test::jsonOf;
using test::ProcessResult;
using test::runLrscope;

/// Flags that make every command run on `table.csv` (300 rows, 30 held out) with logreg.
const std::vector<std::string> kTiny = {"--data", "table.csv",    "--label", "y",    "--model",
                                        "logreg", "--validation", "30",      "--db", "runs.db",
                                        "-q"};

std::vector<std::string> with(std::vector<std::string> args,
                              const std::vector<std::string>& more = kTiny) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

class CliTraining : public ::testing::Test {
protected:
  void SetUp() override { writeText(m_dir / "table.csv", blobsCsv(300)); }

  ProcessResult run(const std::vector<std::string>& args) {
    ProcessResult result = runLrscope(args, m_dir.path());
    EXPECT_EQ(result.exitCode, 0) << commandLine(args) << "\n" << result.err;
    return result;
  }

  /// A stored range test of the table; its run id.
  int64_t storedFind() {
    const nlohmann::json find = jsonOf(run(with({"find", "--json"})));
    EXPECT_FALSE(find["range"].is_null()) << find.dump();
    return find.value("run_id", int64_t{0});
  }

  [[nodiscard]] fs::path db() const { return m_dir / "runs.db"; }

  TempDir m_dir;
};

TEST_F(CliTraining, TrainFromAStoredRangeTestStoresTheRunWithItsEpochs) {
  const int64_t findId = storedFind();
  ASSERT_GT(findId, 0);
  const nlohmann::json trained =
      jsonOf(run({"train", "--from-run", std::to_string(findId), "--db", "runs.db", "--epochs", "2",
                  "--batch-size", "32", "--json"}));
  EXPECT_EQ(trained["status"], "completed") << trained.dump();
  ASSERT_EQ(trained["epochs"].size(), 2u);
  EXPECT_EQ(trained["config"]["schedule"]["kind"], "one-cycle");
  EXPECT_EQ(trained["config"]["data"]["source"], "table.csv");
  EXPECT_EQ(trained["config"]["model"]["name"], "logreg");
  const double accuracy = trained["epochs"][1]["val_accuracy"].get<double>();
  EXPECT_GT(accuracy, 0.6);
  const int64_t runId = trained["run_id"].get<int64_t>();
  EXPECT_EQ(
      count(db(), "SELECT count(*) FROM epoch_metrics WHERE run_id = " + std::to_string(runId)), 2);
  EXPECT_EQ(count(db(), "SELECT count(*) FROM runs WHERE kind = 'training' AND status = "
                        "'completed'"),
            1);
}

TEST_F(CliTraining, PerGroupFindStoresAWholeModelTestAndOneTestPerGroup) {
  const std::vector<std::string> mlp = {
      "--data",       "table.csv", "--label", "y",       "--model", "mlp",     "--widths", "16",
      "--validation", "30",        "--db",    "runs.db", "-q",      "--iters", "60"};
  const nlohmann::json out = jsonOf(run(with({"find", "--per-group", "--json"}, mlp)));
  ASSERT_EQ(out["groups"].size(), 2u) << out.dump();
  EXPECT_EQ(out["groups"][0]["name"], "hidden1");
  EXPECT_EQ(out["groups"][1]["name"], "head");
  ASSERT_FALSE(out["whole_model"].is_null());
  // The others stayed at the whole-model range's lower bound.
  EXPECT_DOUBLE_EQ(out["other_groups_lr"].get<double>(),
                   out["whole_model"]["range"]["lower"].get<double>());
  ASSERT_EQ(out["group_lrs"].size(), 2u) << out.dump();
  const double top = std::max(out["group_lrs"][0].get<double>(), out["group_lrs"][1].get<double>());
  EXPECT_DOUBLE_EQ(top, out["whole_model"]["range"]["upper"].get<double>());

  const int64_t parent = out["run_id"].get<int64_t>();
  const std::string children = "FROM runs WHERE parent_run_id = " + std::to_string(parent);
  EXPECT_EQ(count(db(), "SELECT count(*) FROM runs WHERE kind = 'group_range_test'"), 1);
  EXPECT_EQ(count(db(), "SELECT count(*) " + children + " AND kind = 'range_test'"), 3);
  // Each group's stored curve is plotted against that group's LR: its lr column follows the
  // ladder from --start-lr while the other group's LR stays put.
  const int64_t hidden = out["groups"][0]["run_id"].get<int64_t>();
  SQLite::Database database(db().string(), SQLite::OPEN_READONLY);
  SQLite::Statement first(database, "SELECT m.lr, g.lr FROM step_metrics m JOIN step_group_lrs g "
                                    "ON g.run_id = m.run_id AND g.step = m.step AND "
                                    "g.group_index = 1 WHERE m.run_id = ? AND m.step = 0");
  first.bind(1, hidden);
  ASSERT_TRUE(first.executeStep());
  EXPECT_DOUBLE_EQ(first.getColumn(0).getDouble(), 1e-7);
  EXPECT_DOUBLE_EQ(first.getColumn(1).getDouble(), out["other_groups_lr"].get<double>());

  // lrscope train --from-run PARENT trains every group at its suggested LR.
  const nlohmann::json trained = jsonOf(run({"train", "--from-run", std::to_string(parent), "--db",
                                             "runs.db", "--epochs", "1", "--json"}));
  EXPECT_EQ(trained["status"], "completed") << trained.dump();
  const nlohmann::json& factors = trained["config"]["training"]["group_lr_factors"];
  ASSERT_EQ(factors.size(), 2u) << trained["config"].dump();
  EXPECT_DOUBLE_EQ(factors[0].get<double>() * trained["config"]["schedule"]["max_lr"].get<double>(),
                   out["group_lrs"][0].get<double>());
}

TEST_F(CliTraining, SweepStoresOneParentAndAChildPerLrAndNamesTheBest) {
  const ProcessResult result =
      run(with({"sweep", "--lower", "1e-3", "--upper", "1", "--lrs", "4"}));
  EXPECT_TRUE(contains(result.out, "best lr: ")) << result.out;
  EXPECT_TRUE(contains(result.out, "lowest eliminated: ")) << result.out;
  EXPECT_TRUE(contains(result.out, "full runs")) << result.out;
  for (const char* lr : {"1.000e-03", "1.000e-02", "1.000e-01", "1.000e+00"})
    EXPECT_TRUE(contains(result.out, lr)) << result.out;

  EXPECT_EQ(count(db(), "SELECT count(*) FROM runs WHERE kind = 'sweep'"), 1);
  const int64_t sweepId = count(db(), "SELECT id FROM runs WHERE kind = 'sweep'");
  const std::string children =
      "FROM runs WHERE kind = 'training' AND parent_run_id = " + std::to_string(sweepId);
  EXPECT_EQ(count(db(), "SELECT count(*) " + children), 4);
  EXPECT_EQ(count(db(), "SELECT count(*) FROM runs WHERE kind = 'sweep' AND status = "
                        "'completed' AND message LIKE 'best lr %'"),
            1);
  // K = 4 halves to one: three eliminations, each an event on its child run.
  EXPECT_EQ(count(db(), "SELECT count(*) FROM events WHERE kind = 'eliminated' AND run_id IN "
                        "(SELECT id " +
                            children + ")"),
            3);
  EXPECT_EQ(count(db(), "SELECT count(*) FROM events WHERE kind = 'eliminated' AND "
                        "json_extract(payload_json, '$.rung') >= 1 AND "
                        "json_extract(payload_json, '$.reason') <> ''"),
            3);
  EXPECT_EQ(count(db(), "SELECT count(*) FROM events WHERE kind = 'checkpoint'"), 0);
}

TEST_F(CliTraining, SweepJsonListsEveryLrAndTheCost) {
  const nlohmann::json out = jsonOf(run(
      with({"sweep", "--lower", "1e-3", "--upper", "1", "--lrs", "4", "--no-store", "--json"})));
  EXPECT_EQ(out["status"], "completed");
  ASSERT_EQ(out["candidates"].size(), 4u);
  int best = 0;
  for (const nlohmann::json& c : out["candidates"])
    best += c["status"] == "best" ? 1 : 0;
  EXPECT_EQ(best, 1);
  EXPECT_GE(out["best_lr"].get<double>(), 1e-3);
  EXPECT_EQ(out["total_epochs"], 6); // 4 + 2
  EXPECT_EQ(out["full_run_epochs"], 8);
  EXPECT_TRUE(out["run_id"].is_null());
}

TEST_F(CliTraining, SweepFromAStoredRangeTestSpansHalfADecadeBeyondItsRange) {
  const int64_t findId = storedFind();
  ASSERT_GT(findId, 0);
  const nlohmann::json out = jsonOf(run(
      {"sweep", "--from-run", std::to_string(findId), "--db", "runs.db", "--lrs", "3", "--json"}));
  const nlohmann::json& sweep = out["config"]["sweep"];
  const double lower = sweep["lower_lr"].get<double>();
  SQLite::Database database(db().string(), SQLite::OPEN_READONLY);
  SQLite::Statement range(database, "SELECT lower, upper FROM ranges WHERE run_id = ?");
  range.bind(1, findId);
  ASSERT_TRUE(range.executeStep());
  EXPECT_NEAR(lower, range.getColumn(0).getDouble() / std::sqrt(10.0), 1e-12);
  EXPECT_NEAR(sweep["upper_lr"].get<double>(), range.getColumn(1).getDouble() * std::sqrt(10.0),
              1e-12);
  EXPECT_EQ(out["config"]["training"]["data"]["source"], "table.csv");
}

/// A tiny IDX folder with a test split, so that the audit has test accuracies to report.
void writeTinyIdx(const fs::path& folder) {
  fs::create_directories(folder);
  for (const auto& [part, n] : {std::pair{"train", 240u}, std::pair{"t10k", 60u}}) {
    std::vector<uint8_t> pixels;
    std::vector<uint8_t> labels;
    for (uint32_t i = 0; i < n; ++i) {
      const uint8_t label = i % 2;
      labels.push_back(label);
      for (int p = 0; p < 64; ++p)
        pixels.push_back(
            static_cast<uint8_t>(((p < 32) == (label == 0) ? 180 : 20) + (i * 7 + p) % 40));
    }
    engine::test::writeBytes(folder / (std::string(part) + "-images-idx3-ubyte"),
                             engine::test::idxBytes({n, 8, 8}, pixels));
    engine::test::writeBytes(folder / (std::string(part) + "-labels-idx1-ubyte"),
                             engine::test::idxBytes({n}, labels));
  }
}

TEST_F(CliTraining, AuditPrintsTheSuggestionAndTheGridAsJson) {
  writeTinyIdx(m_dir / "tiny");
  const nlohmann::json out = jsonOf(
      run({"audit", "--data", "tiny", "--model", "logreg", "--epochs", "1", "--grid-points", "3",
           "--validation", "40", "--batch-size", "20", "--db", "runs.db", "--json", "-q"}));
  std::set<std::string> keys;
  for (const auto& item : out.items())
    keys.insert(item.key());
  EXPECT_EQ(keys, (std::set<std::string>{"metric", "seeds", "suggested", "range_test_seconds",
                                         "grid", "best_max_lr", "cost_ratio", "rules"}));
  // Every rule scored on the grid; LR Scope's upper bound by its own trainings, as the verdict.
  ASSERT_TRUE(out["rules"].contains("lrscope_range_upper")) << out["rules"].dump(2);
  EXPECT_GE(out["rules"].size(), 5u) << out["rules"].dump(2);
  const nlohmann::json& upper = out["rules"]["lrscope_range_upper"];
  EXPECT_EQ(upper["within_one_std_of_best"], out["suggested"]["within_one_std_of_best"]);
  EXPECT_EQ(upper["test_accuracy_mean"], out["suggested"]["test_accuracy_mean"]);
  for (const auto& [rule, score] : out["rules"].items())
    for (const char* key : {"max_lr", "max_lrs", "test_accuracy_mean", "loss_vs_best",
                            "decades_from_best", "off_grid", "within_one_std_of_best"})
      EXPECT_TRUE(score.contains(key)) << rule << " lacks " << key;
  EXPECT_EQ(out["metric"], "test_accuracy");
  EXPECT_EQ(out["seeds"], 1);
  const auto expectPoint = [](const nlohmann::json& point) {
    for (const char* key : {"max_lr", "test_accuracy", "seconds", "test_accuracy_mean",
                            "test_accuracy_std", "test_accuracy_values"})
      EXPECT_TRUE(point.contains(key)) << key << " in " << point.dump();
    EXPECT_EQ(point["test_accuracy"], point["test_accuracy_mean"]); // one seed: its value
    EXPECT_GT(point["max_lr"].get<double>(), 0.0);
    EXPECT_GE(point["seconds"].get<double>(), 0.0);
    if (!point["test_accuracy"].is_null()) {
      EXPECT_GE(point["test_accuracy"].get<double>(), 0.0);
      EXPECT_LE(point["test_accuracy"].get<double>(), 1.0);
    }
  };
  expectPoint(out["suggested"]);
  EXPECT_GT(out["suggested"]["test_accuracy"].get<double>(), 0.8); // an easy problem, 1 epoch
  EXPECT_GT(out["range_test_seconds"].get<double>(), 0.0);
  ASSERT_EQ(out["grid"].size(), 3u);
  for (const nlohmann::json& point : out["grid"])
    expectPoint(point);
  // Half a decade apart around the suggested peak, which is the middle point.
  const double peak = out["suggested"]["max_lr"].get<double>();
  EXPECT_DOUBLE_EQ(out["grid"][1]["max_lr"].get<double>(), peak);
  EXPECT_NEAR(out["grid"][0]["max_lr"].get<double>(), peak / std::sqrt(10.0), 1e-12 * peak);
  EXPECT_NEAR(out["grid"][2]["max_lr"].get<double>(), peak * std::sqrt(10.0), 1e-12 * peak);
  // Stored: the range test and three trainings (the middle point is the suggested one).
  EXPECT_EQ(count(db(), "SELECT count(*) FROM runs r JOIN experiments e ON e.id = "
                        "r.experiment_id WHERE e.name = 'audit' AND r.kind = 'training'"),
            3);
  EXPECT_EQ(count(db(), "SELECT count(*) FROM runs WHERE kind = 'range_test'"), 1);
  // Each run says what it was in its tags: every training its peak LR, one the suggestion.
  const auto tagged = [this](const std::string& tag) {
    return count(db(), "SELECT count(*) FROM run_tags rt JOIN tags t ON t.id = rt.tag_id "
                       "WHERE t.name = '" +
                           tag + "'");
  };
  EXPECT_EQ(tagged("audit"), 4);
  EXPECT_EQ(tagged("seed:1"), 4);
  EXPECT_EQ(tagged("suggested"), 1);
  EXPECT_EQ(count(db(), "SELECT count(*) FROM run_tags rt JOIN tags t ON t.id = rt.tag_id "
                        "WHERE t.name LIKE 'peak:%'"),
            3);
  // One parent run of kind audit holds them all; show prints the same audit from the database.
  ASSERT_EQ(count(db(), "SELECT count(*) FROM runs WHERE kind = 'audit' AND status = 'completed'"),
            1);
  const int64_t auditId = count(db(), "SELECT id FROM runs WHERE kind = 'audit'");
  EXPECT_EQ(
      count(db(), "SELECT count(*) FROM runs WHERE parent_run_id = " + std::to_string(auditId)), 4);
  const nlohmann::json shown =
      jsonOf(run({"show", std::to_string(auditId), "--db", "runs.db", "--json"}));
  EXPECT_EQ(shown["audit"], out) << shown["audit"].dump(2) << "\n" << out.dump(2);
  EXPECT_TRUE(contains(shown.value("message", ""), "within one standard deviation"))
      << shown.dump(2);
  const ProcessResult text = run({"show", std::to_string(auditId), "--db", "runs.db"});
  EXPECT_TRUE(contains(text.out, "<- best of the grid")) << text.out;
  EXPECT_TRUE(contains(text.out, "<- suggested")) << text.out;
  // Removing the audit takes its range test and trainings along.
  ASSERT_EQ(run({"rm", std::to_string(auditId), "--db", "runs.db"}).exitCode, 0);
  EXPECT_EQ(count(db(), "SELECT count(*) FROM runs"), 0);
}

TEST_F(CliTraining, AFixedGridIsTheSameWhateverIsSuggestedAndShowReadsItBack) {
  writeText(m_dir / "table.csv", blobsCsv(300));
  const nlohmann::json out =
      jsonOf(run({"audit", "--data", "table.csv", "--label", "y", "--model", "logreg", "--epochs",
                  "1", "--grid", "fixed", "--validation", "30", "--batch-size", "20", "--db",
                  "runs.db", "--json", "-q"}));
  const nlohmann::json& grid = out["grid"];
  ASSERT_GE(grid.size(), 2u) << out.dump(2);
  ASSERT_LE(grid.size(), 13u) << out.dump(2);
  // Half a decade apart from 1e-5 up, to 10 or to the first point that trained to nothing.
  for (std::size_t j = 0; j < grid.size(); ++j)
    EXPECT_NEAR(grid[j]["max_lr"].get<double>(), 1e-5 * std::pow(10.0, 0.5 * j),
                1e-9 * 1e-5 * std::pow(10.0, j))
        << j;
  if (grid.size() < 13)
    EXPECT_TRUE(grid.back()["test_accuracy"].is_null()) << out.dump(2);
  EXPECT_TRUE(out["rules"].contains("lrscope_range_upper"));
  const int64_t auditId = count(db(), "SELECT id FROM runs WHERE kind = 'audit'");
  const nlohmann::json shown =
      jsonOf(run({"show", std::to_string(auditId), "--db", "runs.db", "--json"}));
  EXPECT_EQ(shown["audit"], out) << shown["audit"].dump(2) << "\n" << out.dump(2);
  EXPECT_EQ(shown["config"]["audit"]["grid"], "fixed");
}

TEST_F(CliTraining, AuditOnASmallCsvOverTwoSeedsReportsTestAccuraciesWithTheirSpread) {
  // The table has no test split of its own: one is held out (20%) before anything is drawn.
  writeText(m_dir / "table.csv", blobsCsv(300));
  const nlohmann::json out = jsonOf(run({"audit", "--data",        "table.csv", "--label",
                                         "y",     "--model",       "logreg",    "--epochs",
                                         "2",     "--grid-points", "3",         "--validation",
                                         "30",    "--batch-size",  "20",        "--seeds",
                                         "2",     "--no-store",    "--json",    "-q"}));
  EXPECT_EQ(out["metric"], "test_accuracy");
  EXPECT_EQ(out["seeds"], 2);
  ASSERT_EQ(out["grid"].size(), 3u);
  int measured = 0;
  for (const nlohmann::json& point : out["grid"]) {
    ASSERT_EQ(point["test_accuracy_values"].size(), 2u) << point.dump();
    if (point["test_accuracy_mean"].is_null())
      continue; // diverged on every seed
    ++measured;
    EXPECT_GE(point["test_accuracy_std"].get<double>(), 0.0);
  }
  EXPECT_GE(measured, 2) << out.dump(); // "-" for every accuracy judged nothing
  const nlohmann::json& suggested = out["suggested"];
  EXPECT_GT(suggested["test_accuracy_mean"].get<double>(), 0.9) << suggested.dump();
  EXPECT_EQ(suggested["max_lrs"].size(), 2u);
  EXPECT_TRUE(suggested["within_one_std_of_best"].is_boolean());
  EXPECT_TRUE(suggested["grid_steps_from_best"].is_number());
  EXPECT_GT(out["cost_ratio"].get<double>(), 0.0);
}

TEST_F(CliTraining, AuditOfARegressionTableIsJudgedOnTestLoss) {
  writeText(m_dir / "targets.csv", test::regressionCsv());
  const std::vector<std::string> audit = {
      "audit",      "--data",       "targets.csv", "--label",      "target", "--task",
      "regression", "--model",      "logreg",      "--epochs",     "2",      "--grid-points",
      "3",          "--validation", "20",          "--batch-size", "16",     "--no-store"};
  const ProcessResult result = run(audit);
  EXPECT_TRUE(contains(result.out, "judged on test loss (lower is better)")) << result.out;
  const nlohmann::json out = jsonOf(run(with(audit, {"--json", "-q"})));
  EXPECT_EQ(out["metric"], "test_loss");
  EXPECT_FALSE(out["suggested"]["test_loss"].is_null()) << out.dump();
  EXPECT_FALSE(out["suggested"].contains("test_accuracy"));
}

TEST_F(CliTraining, EveryCommandStoresTheTestFractionItHeldOut) {
  writeText(m_dir / "table.csv", blobsCsv(300));
  const nlohmann::json found = jsonOf(
      run({"find", "--data", "table.csv", "--label", "y", "--model", "logreg", "--validation", "30",
           "--test-fraction", "0.3", "--db", "runs.db", "--json", "-q"}));
  EXPECT_DOUBLE_EQ(found["config"]["data"]["test_fraction"].get<double>(), 0.3);
  // Training from it holds out the same share, so the same rows.
  const nlohmann::json trained =
      jsonOf(run({"train", "--from-run", std::to_string(found["run_id"].get<int64_t>()), "--db",
                  "runs.db", "--epochs", "1", "--json", "-q"}));
  EXPECT_DOUBLE_EQ(trained["config"]["data"]["test_fraction"].get<double>(), 0.3);
  EXPECT_EQ(trained["test_size"], 90) << trained.dump(); // 30% of 300
}

TEST_F(CliTraining, AuditPrintsATableWithTheSuggestionMarked) {
  const ProcessResult result = run(
      with({"audit", "--epochs", "1", "--grid-points", "2", "--batch-size", "20", "--no-store"}));
  EXPECT_TRUE(contains(result.out, "<- suggested")) << result.out;
  EXPECT_TRUE(contains(result.out, "cost: range test + suggested training")) << result.out;
}

// --- A stored run that a command stops is marked failed ----------------------------------------

/// A command that stores a run and then stops at loading the data (a table without --label).
struct StoppedCommand {
  const char* name;
  std::vector<std::string> args;
  friend void PrintTo(const StoppedCommand& input, std::ostream* out) { *out << input.name; }
};

class CliStoppedRun : public ::testing::TestWithParam<StoppedCommand> {};

TEST_P(CliStoppedRun, IsStoredAsFailedWithTheMessageThatStoppedIt) {
  const TempDir dir;
  writeText(dir / "table.csv", blobsCsv(60));
  const std::vector<std::string> args =
      with(GetParam().args, {"--data", "table.csv", "--model", "logreg", "--db", "runs.db", "-q"});
  EXPECT_TRUE(failedWithOneLine(runLrscope(args, dir.path()), {"--label"})) << commandLine(args);
  const nlohmann::json runs = jsonOf(runLrscope({"runs", "--db", "runs.db", "--json"}, dir.path()));
  // One run, or a parent and the child that was loading the data (an audit and its range test).
  ASSERT_GE(runs.size(), 1u) << runs.dump(2);
  ASSERT_LE(runs.size(), 2u) << runs.dump(2);
  for (const nlohmann::json& run : runs) {
    EXPECT_EQ(run["status"], "failed") << runs.dump(2);
    const nlohmann::json shown = jsonOf(runLrscope(
        {"show", std::to_string(run.value("id", int64_t{0})), "--db", "runs.db", "--json"},
        dir.path()));
    EXPECT_TRUE(contains(shown.value("message", ""), "--label")) << shown.dump(2);
    if (run["kind"] == "audit") { // what show makes of an audit that never trained
      const ProcessResult text = runLrscope(
          {"show", std::to_string(run.value("id", int64_t{0})), "--db", "runs.db"}, dir.path());
      EXPECT_TRUE(contains(text.out, "no grid was trained")) << text.out;
      EXPECT_FALSE(contains(text.out, "<- suggested")) << text.out;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Commands, CliStoppedRun,
    ::testing::Values(StoppedCommand{"Find", {"find"}},
                      StoppedCommand{"PerGroupFind", {"find", "--per-group"}},
                      StoppedCommand{"RepeatedFind", {"find", "--repeats", "3"}},
                      StoppedCommand{"Train", {"train", "--lower", "0.01", "--upper", "0.1"}},
                      StoppedCommand{"Sweep", {"sweep", "--lower", "0.01", "--upper", "0.1"}},
                      StoppedCommand{"Audit", {"audit"}}),
    [](const auto& info) { return std::string(info.param.name); });

// --- Bad input -----------------------------------------------------------------------------

struct BadTraining {
  const char* name;
  std::vector<std::string> args;
  std::vector<std::string> mentions;
  friend void PrintTo(const BadTraining& input, std::ostream* out) { *out << input.name; }
};

class CliTrainingRejects : public ::testing::TestWithParam<BadTraining> {};

TEST_P(CliTrainingRejects, WithOneLineOnStderrThatNamesTheProblem) {
  const BadTraining& input = GetParam();
  const TempDir dir;
  writeText(dir / "table.csv", blobsCsv(60));
  writeText(dir / "events.txt", "# step, change, value\n0 set 0.1\n5 halve 2\n");
  const ProcessResult result = runLrscope(input.args, dir.path());
  EXPECT_TRUE(failedWithOneLine(result, input.mentions)) << commandLine(input.args);
}

const std::vector<std::string> kTable = {"--data",     "table.csv", "--label",      "y",
                                         "--model",    "logreg",    "--validation", "12",
                                         "--no-store", "-q"};

INSTANTIATE_TEST_SUITE_P(
    BadInputs, CliTrainingRejects,
    ::testing::Values(
        BadTraining{
            "UnknownSchedule",
            with({"train", "--schedule", "nope", "--lower", "0.01", "--upper", "0.1"}, kTable),
            {"nope", "one-cycle"}},
        BadTraining{"TrainRangeUpsideDown",
                    with({"train", "--lower", "1", "--upper", "0.1"}, kTable),
                    {"lower", "upper", "1", "0.1"}},
        BadTraining{"SweepRangeUpsideDown",
                    with({"sweep", "--lower", "1", "--upper", "0.1"}, kTable),
                    {"lower", "upper", "1", "0.1"}},
        BadTraining{"SweepWithOneLr",
                    with({"sweep", "--lower", "0.01", "--upper", "0.1", "--lrs", "1"}, kTable),
                    {"at least 2 learning rates"}},
        BadTraining{"SweepWithoutLrs", with({"sweep"}, kTable), {"--from-run", "--lower"}},
        BadTraining{"SweepNegativeLr",
                    with({"sweep", "--lower", "-1", "--upper", "0.1"}, kTable),
                    {"positive"}},
        BadTraining{
            "GroupLrsOfTheWrongCount",
            with({"train", "--lower", "0.01", "--upper", "0.1", "--group-lrs", "0.01,0.1"}, kTable),
            {"1 layer group", "2 LR factors"}},
        BadTraining{
            "LrEventsWithABadLine",
            with({"train", "--lower", "0.01", "--upper", "0.1", "--lr-events", "events.txt"},
                 kTable),
            {"events.txt:3", "halve"}},
        BadTraining{"AuditWithoutGridPoints",
                    with({"audit", "--grid-points", "0"}, kTable),
                    {"--grid-points"}},
        BadTraining{"AuditWithoutSeeds", with({"audit", "--seeds", "0"}, kTable), {"--seeds"}},
        BadTraining{"AuditFixedGridWithItsOwnPoints",
                    with({"audit", "--grid", "fixed", "--grid-points", "5"}, kTable),
                    {"--grid-points", "fixed grid"}},
        BadTraining{"AuditGridOfNoKnownKind",
                    with({"audit", "--grid", "wide"}, kTable),
                    {"--grid", "centred"}},
        BadTraining{"FindTestFractionZero",
                    with({"find", "--test-fraction", "0"}, kTable),
                    {"--test-fraction", "0.9"}},
        BadTraining{
            "TrainTestFractionTooLarge",
            with({"train", "--lower", "0.01", "--upper", "0.1", "--test-fraction", "0.9"}, kTable),
            {"--test-fraction"}},
        BadTraining{
            "SweepTestFractionLeavingAClassOut",
            with({"sweep", "--lower", "0.01", "--upper", "0.1", "--test-fraction", "0.01"}, kTable),
            {"--test-fraction", "no example in the test split"}}));

} // namespace
} // namespace lrscope::cli
