// lrscope find --repeats as a real process: on Fashion-MNIST end to end, and its bad input.
#include "app/lrscope_process.h"
#include "app/stored_count.h"
#include "engine/data/test_files.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace lrscope::cli {
namespace {

namespace fs = std::filesystem;
using engine::test::TempDir;
using engine::test::writeText;
using test::blobsCsv;
using test::commandLine;
using test::count;
using test::failedWithOneLine;
using test::jsonOf;
using test::LrscopeProcess;
using test::ProcessResult;
using test::runLrscope;

/// Three repeats of a small MLP on 600 Fashion-MNIST images, two side by side.
std::vector<std::string> fashionRepeats(const std::string& db) {
  return {"find",
          "--data",
          "fashion-mnist",
          "--model",
          "mlp",
          "--widths",
          "32",
          "--sample",
          "600",
          "--validation",
          "0",
          "--iters",
          "40",
          "--seed",
          "5",
          "--repeats",
          "3",
          "--jobs",
          "2",
          "--db",
          db,
          "--json",
          "-q"};
}

/// The keys of the repeats together, as find --json and show --json both print them.
nlohmann::json together(const nlohmann::json& out) {
  nlohmann::json kept;
  for (const char* key : {"repeats", "range", "median_curve_range", "suggestions", "stable",
                          "verdict", "advice", "band", "runs"})
    kept[key] = out.at(key);
  return kept;
}

TEST(CliRepeats, FashionMnistRepeatsStoreAParentWithThreeRepeatsAndAnswerAlike) {
  const TempDir dir;
  const ProcessResult first = runLrscope(fashionRepeats("a.db"), dir.path());
  ASSERT_EQ(first.exitCode, 0) << first.err;
  const nlohmann::json out = jsonOf(first);
  EXPECT_EQ(out["repeats"], 3);
  ASSERT_EQ(out["runs"].size(), 3u) << out.dump();
  ASSERT_EQ(out["repeat_results"].size(), 3u);
  EXPECT_EQ(out["repeat_results"][2]["seed"], 7);
  const int64_t parent = out["run_id"].get<int64_t>();
  EXPECT_EQ(count(dir / "a.db", "SELECT count(*) FROM runs WHERE kind = 'repeated_range_test'"), 1);
  EXPECT_EQ(count(dir / "a.db", "SELECT count(*) FROM runs WHERE kind = 'range_test' AND "
                                "parent_run_id = " +
                                    std::to_string(parent)),
            3);

  // The band: 40 steps (or up to the last repeat's end), low <= median <= high, the LRs of the
  // ladder, every repeat counted where all three ran.
  const nlohmann::json& band = out["band"];
  ASSERT_GE(band.size(), 20u);
  EXPECT_EQ(band[0]["running"], 3);
  double previousLr = 0.0;
  for (const nlohmann::json& point : band) {
    EXPECT_LE(point["low"].get<double>(), point["median"].get<double>()) << point.dump();
    EXPECT_LE(point["median"].get<double>(), point["high"].get<double>()) << point.dump();
    EXPECT_GT(point["lr"].get<double>(), previousLr);
    previousLr = point["lr"].get<double>();
  }
  EXPECT_GT(band[0]["median"].get<double>(), 1.5); // ten classes: about ln 10 at the start
  ASSERT_TRUE(out["suggestions"].contains("valley")) << out["suggestions"].dump();
  const nlohmann::json& valley = out["suggestions"]["valley"];
  EXPECT_LE(valley["min"].get<double>(), valley["median"].get<double>());
  EXPECT_LE(valley["median"].get<double>(), valley["max"].get<double>());
  EXPECT_TRUE(out["stable"].is_boolean());

  // show PARENT --json prints what find printed.
  const ProcessResult shown =
      runLrscope({"show", std::to_string(parent), "--db", "a.db", "--json"}, dir.path());
  ASSERT_EQ(shown.exitCode, 0) << shown.err;
  EXPECT_EQ(together(jsonOf(shown)["repeated"]), together(out));

  // The same seed gives the same answer, here one repeat at a time.
  std::vector<std::string> again = fashionRepeats("b.db");
  again[again.size() - 5] = "1"; // --jobs 1
  const ProcessResult second = runLrscope(again, dir.path());
  ASSERT_EQ(second.exitCode, 0) << second.err;
  nlohmann::json a = together(out);
  nlohmann::json b = together(jsonOf(second));
  a.erase("runs");
  b.erase("runs");
  EXPECT_EQ(a, b);
}

TEST(CliRepeats, TrainFromARepeatedTestStartsFromItsMedianRange) {
  const TempDir dir;
  writeText(dir / "table.csv", blobsCsv(300));
  const std::vector<std::string> find = {
      "find", "--data",    "table.csv", "--label", "y",       "--model", "logreg", "--validation",
      "30",   "--repeats", "3",         "--db",    "runs.db", "--json",  "-q"};
  const ProcessResult found = runLrscope(find, dir.path());
  ASSERT_EQ(found.exitCode, 0) << found.err;
  const nlohmann::json out = jsonOf(found);
  ASSERT_FALSE(out["range"]["upper"].is_null()) << out.dump();
  const ProcessResult trained =
      runLrscope({"train", "--from-run", std::to_string(out["run_id"].get<int64_t>()), "--db",
                  "runs.db", "--epochs", "1", "--json", "-q"},
                 dir.path());
  ASSERT_EQ(trained.exitCode, 0) << trained.err;
  EXPECT_DOUBLE_EQ(jsonOf(trained)["config"]["schedule"]["max_lr"].get<double>(),
                   out["range"]["upper"]["median"].get<double>());
}

TEST(CliRepeats, ExportOfTheParentWritesTheBandAndAnotherParentIsRefused) {
  const TempDir dir;
  writeText(dir / "table.csv", blobsCsv(300));
  const ProcessResult found = runLrscope({"find", "--data", "table.csv", "--label", "y", "--model",
                                          "logreg", "--validation", "30", "--iters", "30",
                                          "--repeats", "3", "--db", "runs.db", "--json", "-q"},
                                         dir.path());
  ASSERT_EQ(found.exitCode, 0) << found.err;
  const nlohmann::json out = jsonOf(found);
  const std::string parent = std::to_string(out["run_id"].get<int64_t>());
  const ProcessResult exported =
      runLrscope({"export", parent, "--db", "runs.db", "--csv", "band.csv"}, dir.path());
  ASSERT_EQ(exported.exitCode, 0) << exported.err;
  EXPECT_NE(exported.out.find("median curve and band"), std::string::npos) << exported.out;
  for (const nlohmann::json& id : out["runs"]) // it names the repeats, whose steps are theirs
    EXPECT_NE(exported.out.find(std::to_string(id.get<int64_t>())), std::string::npos);
  std::ifstream csv((dir / "band.csv").string());
  std::string line;
  ASSERT_TRUE(std::getline(csv, line));
  EXPECT_EQ(line, "step,lr,median_smoothed_loss,p10_smoothed_loss,p90_smoothed_loss,"
                  "repeats_running");
  std::size_t rows = 0;
  while (std::getline(csv, line)) {
    const nlohmann::json& point = out["band"][rows];
    EXPECT_EQ(line.substr(0, line.find(',')), std::to_string(point["step"].get<int>()));
    EXPECT_EQ(line.substr(line.rfind(',') + 1), std::to_string(point["running"].get<int>()));
    ++rows;
  }
  EXPECT_EQ(rows, out["band"].size());

  // A per-group test's parent records no steps: refused, naming its runs, nothing written.
  const ProcessResult groups = runLrscope({"find", "--data", "table.csv", "--label", "y", "--model",
                                           "mlp", "--widths", "4", "--validation", "30", "--iters",
                                           "20", "--per-group", "--db", "runs.db", "--json", "-q"},
                                          dir.path());
  ASSERT_EQ(groups.exitCode, 0) << groups.err;
  const std::string groupParent = std::to_string(jsonOf(groups)["run_id"].get<int64_t>());
  const ProcessResult refused =
      runLrscope({"export", groupParent, "--db", "runs.db", "--csv", "g.csv"}, dir.path());
  EXPECT_TRUE(failedWithOneLine(refused, {"export one of its runs"})) << refused.err;
  EXPECT_FALSE(fs::exists(dir / "g.csv"));
}

/// Ctrl+C while two repeats run side by side: both stop within a step, keep their steps and are
/// stored as cancelled, as is the parent; the third repeat never starts. (Label `timing`: it
/// waits for both repeats to have committed steps.)
TEST(CliRepeats, CtrlCStopsEveryRepeatAndKeepsTheirSteps) {
  const TempDir dir;
  writeText(dir / "table.csv", blobsCsv(3000));
  const fs::path db = dir / "runs.db";
  // A ladder so gentle that nothing diverges, and far more steps than it takes before Ctrl+C.
  LrscopeProcess find({"find",    "--data",   "table.csv", "--label",   "y",
                       "--model", "logreg",   "--iters",   "200000",    "--start-lr",
                       "1e-7",    "--end-lr", "1e-6",      "--repeats", "3",
                       "--jobs",  "2",        "--db",      "runs.db",   "-q"},
                      dir.path());
  int64_t running = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while (running < 2 && find.running() && std::chrono::steady_clock::now() < deadline) {
    try {
      running = count(db, "SELECT count(DISTINCT run_id) FROM step_metrics");
    } catch (const SQLite::Exception&) { // not created yet
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(running, 2) << "two repeats did not both store steps in time:\n" << find.wait().err;
  find.kill(SIGINT);
  const ProcessResult stopped = find.wait();
  EXPECT_EQ(stopped.exitCode, 130) << stopped.err;
  EXPECT_EQ(count(db, "SELECT count(*) FROM runs WHERE kind = 'repeated_range_test' AND "
                      "status = 'cancelled'"),
            1);
  EXPECT_EQ(count(db, "SELECT count(*) FROM runs WHERE kind = 'range_test' AND "
                      "status = 'cancelled' AND step_count > 0"),
            2);
  EXPECT_EQ(count(db, "SELECT count(*) FROM runs WHERE kind = 'range_test'"), 2);
}

TEST(CliRepeats, BadRepeatFlagsAreRefusedInOneLineAndNothingIsStored) {
  const TempDir dir;
  writeText(dir / "table.csv", blobsCsv(60));
  const std::vector<std::string> base = {"find", "--data", "table.csv", "--label",
                                         "y",    "--db",   "runs.db",   "-q"};
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--repeats", "0"}, "--repeats must be at least 2, got 0"},
      {{"--repeats", "1"}, "--repeats 1 is a plain range test"},
      {{"--repeats", "-3"}, "--repeats must be at least 2, got -3"},
      {{"--repeats", "3", "--jobs", "0"}, "--jobs must be at least 1, got 0"},
      {{"--resample"}, "--resample draws a sample per repeat"},
      {{"--jobs", "2"}, "--jobs runs repeats side by side"},
      {{"--repeats", "2", "--per-group"}, "--repeats and --per-group cannot be combined"},
      {{"--repeats", "2", "--save-curve", "c.csv"}, "--save-curve saves one curve"},
  };
  for (const auto& [flags, message] : cases) {
    std::vector<std::string> args = base;
    args.insert(args.end(), flags.begin(), flags.end());
    const ProcessResult result = runLrscope(args, dir.path());
    EXPECT_TRUE(failedWithOneLine(result, {message})) << commandLine(args);
    EXPECT_FALSE(fs::exists(dir / "runs.db")) << commandLine(args);
  }
}

} // namespace
} // namespace lrscope::cli
