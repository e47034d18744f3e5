// Runs the real lrscope executable as a subprocess: bad input must end in one line on stderr,
// "lrscope: ...", naming what is wrong, and a non-zero exit code; good input must give JSON
// that a script can read.
#include "app/lrscope_process.h"
#include "engine/data/test_files.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace lrscope::cli {
namespace {

namespace fs = std::filesystem;
using engine::test::contains;
using engine::test::TempDir;
using test::blobsCsv;
using test::commandLine;
using test::failedWithOneLine;
using test::jsonOf;
using test::ProcessResult;
using test::runLrscope;

std::string idxText(const std::vector<uint32_t>& dims, std::size_t valueBytes) {
  const std::vector<uint8_t> bytes = engine::test::idxBytes(dims, std::vector<uint8_t>(valueBytes));
  return std::string(bytes.begin(), bytes.end());
}

/// One way to get it wrong: the files to write, the arguments, what the message must name.
struct BadInput {
  const char* name;
  std::map<std::string, std::string> files;
  std::vector<std::string> args;
  std::vector<std::string> mentions;
  friend void PrintTo(const BadInput& input, std::ostream* out) { *out << input.name; }
};

class CliRejects : public ::testing::TestWithParam<BadInput> {};

TEST_P(CliRejects, WithOneLineOnStderrThatNamesTheProblem) {
  const BadInput& input = GetParam();
  const TempDir dir;
  for (const auto& [name, content] : input.files) {
    fs::create_directories((dir / name).parent_path());
    engine::test::writeText(dir / name, content);
  }
  const ProcessResult result = runLrscope(input.args, dir.path());
  const ::testing::AssertionResult fits = failedWithOneLine(result, input.mentions);
  EXPECT_TRUE(fits) << commandLine(input.args);
}

const std::string kTable = blobsCsv(30);

INSTANTIATE_TEST_SUITE_P(
    BadInputs, CliRejects,
    ::testing::Values(
        BadInput{"UnknownSubcommand", {}, {"frobnicate"}, {"frobnicate"}},
        BadInput{"UnknownFlag", {}, {"find", "--frobnicate"}, {"--frobnicate"}},
        BadInput{"TooFewIterations", {}, {"find", "--iters", "4"}, {"iterations", "4"}},
        BadInput{"EndLrBelowStartLr",
                 {},
                 {"find", "--start-lr", "1", "--end-lr", "0.1"},
                 {"end LR", "start LR"}},
        BadInput{"UnknownDataSet", {}, {"find", "--data", "no-such-set"}, {"no-such-set"}},
        BadInput{"CsvWithoutLabel",
                 {{"table.csv", kTable}},
                 {"find", "--data", "table.csv"},
                 {"table.csv", "--label"}},
        BadInput{"CsvWithoutTheLabelColumn",
                 {{"table.csv", kTable}},
                 {"find", "--data", "table.csv", "--label", "nope"},
                 {"table.csv", "\"nope\""}},
        BadInput{"RaggedRow",
                 {{"ragged.csv", "a,b,y\n1,2,0\n3,4,1\n5,0\n"}},
                 {"find", "--data", "ragged.csv", "--label", "y"},
                 {"ragged.csv:4"}},
        BadInput{"NonNumericCell",
                 {{"cells.csv", "a,b,y\n1,2,0\n3,xx,1\n5,6,0\n"}},
                 {"find", "--data", "cells.csv", "--label", "y"},
                 {"cells.csv:3", "\"b\"", "xx"}},
        BadInput{"TruncatedIdx",
                 {{"idx/train-images-idx3-ubyte", idxText({10, 28, 28}, 100)},
                  {"idx/train-labels-idx1-ubyte", idxText({10}, 10)}},
                 {"find", "--data", "idx"},
                 {"train-images-idx3-ubyte", "truncated"}},
        BadInput{"IdxImageAndLabelCountsDiffer",
                 {{"idx/train-images-idx3-ubyte", idxText({10, 28, 28}, 10 * 28 * 28)},
                  {"idx/train-labels-idx1-ubyte", idxText({9}, 9)}},
                 {"find", "--data", "idx"},
                 {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "10", "9"}},
        BadInput{"ModelFileNotTorchScript",
                 {{"table.csv", kTable}, {"model.pt", "this is not a TorchScript archive"}},
                 {"find", "--data", "table.csv", "--label", "y", "--model", "model.pt"},
                 {"model.pt", "TorchScript"}},
        BadInput{"CnnOnATable",
                 {{"table.csv", kTable}},
                 {"find", "--data", "table.csv", "--label", "y", "--model", "cnn"},
                 {"cnn"}},
        BadInput{"CurveWithLrsOutOfOrder",
                 {{"curve.csv", "lr,loss\n0.1,1\n0.01,2\n0.5,3\n"}},
                 {"suggest", "--curve", "curve.csv"},
                 {"curve.csv:3", "lr"}},
        BadInput{"MissingCurveFile", {}, {"suggest", "--curve", "missing.csv"}, {"missing.csv"}},
        BadInput{
            "SampleNeitherCountNorFraction", {}, {"find", "--sample", "abc"}, {"--sample", "abc"}}),
    [](const auto& info) { return std::string(info.param.name); });

/// DESIGN.md's reference curve: 100 smoothed losses over 1e-7 .. 10.
struct ReferenceCurve {
  std::vector<double> lrs;
  std::vector<double> losses;
};

ReferenceCurve referenceCurve() {
  ReferenceCurve curve;
  double avg = 0.0;
  for (int i = 0; i < 100; ++i) {
    const double lr = 1e-7 * std::pow(1e8, i / 99.0);
    const double x = std::log10(lr);
    const double raw = 2.3 - 2.0 / (1.0 + std::exp(-2.0 * (x + 3.0))) + std::exp(3.0 * (x + 0.5)) +
                       0.03 * std::sin(1.7 * i);
    avg = 0.98 * avg + 0.02 * raw;
    curve.lrs.push_back(lr);
    curve.losses.push_back(avg / (1.0 - std::pow(0.98, i + 1)));
  }
  return curve;
}

std::string exact(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

std::string referenceCsv() {
  const ReferenceCurve curve = referenceCurve();
  std::string text = "lr,loss\n";
  for (std::size_t i = 0; i < curve.lrs.size(); ++i)
    text += exact(curve.lrs[i]) + "," + exact(curve.losses[i]) + "\n";
  return text;
}

std::string referenceJson() {
  const ReferenceCurve curve = referenceCurve();
  std::string lrs;
  std::string losses;
  for (std::size_t i = 0; i < curve.lrs.size(); ++i) {
    lrs += (i == 0 ? "" : ", ") + exact(curve.lrs[i]);
    losses += (i == 0 ? "" : ", ") + exact(curve.losses[i]);
  }
  return "{\"lr\": [" + lrs + "],\n \"loss\": [" + losses + "]}\n";
}

void expectReferenceSuggestions(const nlohmann::json& json) {
  ASSERT_TRUE(json.is_object()) << json;
  const nlohmann::json& suggestions = json.at("suggestions");
  EXPECT_NEAR(suggestions.at("minimum").at("lr").get<double>(), 2.9150530628e-02,
              1e-9 * 2.9150530628e-02);
  EXPECT_NEAR(suggestions.at("steep").at("lr").get<double>(), 4.0370172586e-03,
              1e-9 * 4.0370172586e-03);
  ASSERT_TRUE(json.at("range").is_object()) << json.dump(2);
  EXPECT_LT(json["range"].at("lower").get<double>(), json["range"].at("upper").get<double>());
  EXPECT_EQ(json.at("curve").at("points"), 100);
}

TEST(Cli, SuggestReadsTheReferenceCurveFromCsv) {
  const TempDir dir;
  engine::test::writeText(dir / "reference.csv", referenceCsv());
  const ProcessResult result =
      runLrscope({"suggest", "--curve", "reference.csv", "--json"}, dir.path());
  ASSERT_FALSE(result.signaled);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.err, "");
  expectReferenceSuggestions(jsonOf(result));
}

TEST(Cli, SuggestReadsTheReferenceCurveFromJsonTheSame) {
  const TempDir dir;
  engine::test::writeText(dir / "reference.csv", referenceCsv());
  engine::test::writeText(dir / "reference.json", referenceJson());
  const ProcessResult fromCsv =
      runLrscope({"suggest", "--curve", "reference.csv", "--json"}, dir.path());
  const ProcessResult fromJson =
      runLrscope({"suggest", "--curve", "reference.json", "--json"}, dir.path());
  ASSERT_FALSE(fromJson.signaled);
  ASSERT_EQ(fromJson.exitCode, 0) << fromJson.err;
  nlohmann::json csvJson = jsonOf(fromCsv);
  nlohmann::json jsonJson = jsonOf(fromJson);
  expectReferenceSuggestions(jsonJson);
  // The same numbers; only the file name differs.
  csvJson["curve"].erase("file");
  jsonJson["curve"].erase("file");
  EXPECT_EQ(csvJson, jsonJson);
}

TEST(Cli, FindOnASmallTableGivesJsonAndACurveThatSuggestReads) {
  const TempDir dir;
  engine::test::writeText(dir / "table.csv", blobsCsv(150));
  const ProcessResult find =
      runLrscope({"find", "--data", "table.csv", "--label", "y", "--iters", "20", "--batch-size",
                  "8", "--json", "-q", "--save-curve", "curve.csv"},
                 dir.path());
  ASSERT_FALSE(find.signaled);
  ASSERT_EQ(find.exitCode, 0) << find.err;
  EXPECT_EQ(find.err, "");
  const nlohmann::json json = jsonOf(find);
  ASSERT_TRUE(json.is_object());
  EXPECT_TRUE(json.at("status").is_string()) << json.dump(2);
  EXPECT_TRUE(json.at("range").is_object() || json.contains("range_reason")) << json.dump(2);
  EXPECT_TRUE(json.at("suggestions").contains("minimum")) << json.dump(2);
  EXPECT_EQ(json.at("run").at("sample_size"), 120); // a fifth held out as the test split
  const int steps = json.at("run").at("steps").get<int>();
  EXPECT_GE(steps, 5);
  EXPECT_LE(steps, 20);

  ASSERT_TRUE(fs::exists(dir / "curve.csv"));
  const ProcessResult suggest =
      runLrscope({"suggest", "--curve", "curve.csv", "--json"}, dir.path());
  ASSERT_FALSE(suggest.signaled);
  ASSERT_EQ(suggest.exitCode, 0) << suggest.err;
  const nlohmann::json fromCurve = jsonOf(suggest);
  EXPECT_EQ(fromCurve.at("curve").at("points"), steps);
  EXPECT_EQ(fromCurve.at("suggestions").at("minimum").at("lr"),
            json["suggestions"]["minimum"]["lr"]);
}

TEST(Cli, FindStoresTheRunThatRunsShowAndRmThenSee) {
  const TempDir dir;
  engine::test::writeText(dir / "table.csv", blobsCsv(150));
  const ProcessResult find =
      runLrscope({"find", "--data", "table.csv", "--label", "y", "--iters", "20", "--batch-size",
                  "8", "--json", "-q", "--db", "runs.db"},
                 dir.path());
  ASSERT_EQ(find.exitCode, 0) << find.err;
  const nlohmann::json found = jsonOf(find);
  const int64_t id = found.at("run_id").get<int64_t>();
  EXPECT_EQ(found.at("db"), "runs.db");

  const ProcessResult runs = runLrscope({"runs", "--db", "runs.db", "--json"}, dir.path());
  ASSERT_EQ(runs.exitCode, 0) << runs.err;
  const nlohmann::json listed = jsonOf(runs);
  ASSERT_EQ(listed.size(), 1U) << listed.dump(2);
  EXPECT_EQ(listed[0].at("id"), id);
  EXPECT_EQ(listed[0].at("status"), found.at("status"));
  EXPECT_EQ(listed[0].at("steps"), found.at("run").at("steps"));

  const ProcessResult show =
      runLrscope({"show", std::to_string(id), "--db", "runs.db", "--json"}, dir.path());
  ASSERT_EQ(show.exitCode, 0) << show.err;
  const nlohmann::json shown = jsonOf(show);
  EXPECT_EQ(shown.at("suggestions").at("minimum").at("lr"),
            found.at("suggestions").at("minimum").at("lr"));
  EXPECT_EQ(shown.at("config").at("data").at("label"), "y");
  if (found.at("range").is_object())
    EXPECT_EQ(shown.at("range").at("lower"), found.at("range").at("lower"));

  const ProcessResult rm = runLrscope({"rm", std::to_string(id), "--db", "runs.db"}, dir.path());
  ASSERT_EQ(rm.exitCode, 0) << rm.err;
  const ProcessResult gone =
      runLrscope({"show", std::to_string(id), "--db", "runs.db"}, dir.path());
  EXPECT_NE(gone.exitCode, 0);
  EXPECT_TRUE(failedWithOneLine(gone, {"no run " + std::to_string(id), "runs.db"}));
}

TEST(Cli, AFileThatIsNotADatabaseIsRefusedInOneLine) {
  const TempDir dir;
  engine::test::writeText(dir / "notes.db", "these are my notes, not a database\n");
  const ProcessResult runs = runLrscope({"runs", "--db", "notes.db"}, dir.path());
  EXPECT_TRUE(failedWithOneLine(runs, {"notes.db"}));
}

TEST(Cli, VersionExitsZero) {
  const TempDir dir;
  const ProcessResult result = runLrscope({"--version"}, dir.path());
  ASSERT_FALSE(result.signaled);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out.rfind("lrscope ", 0), 0u) << result.out;
}

TEST(Cli, ADeviceThisBuildLacksIsRefusedInOneLineBeforeAnythingIsStored) {
  const TempDir dir;
  const std::vector<std::vector<std::string>> commands = {
      {"find", "--data", "fashion-mnist", "--device", "cuda"},
      {"find", "--data", "fashion-mnist", "--repeats", "2", "--device", "cuda:1"},
      {"train", "--data", "fashion-mnist", "--lower", "0.01", "--upper", "0.1", "--device", "cuda"},
      {"sweep", "--data", "fashion-mnist", "--lower", "0.01", "--upper", "1", "--device", "cuda:0"},
      {"audit", "--data", "fashion-mnist", "--device", "cuda"},
      {"bench", "--no-store", "--device", "cuda"},
  };
  for (std::vector<std::string> command : commands) {
    command.insert(command.end(), {"--db", "runs.db"});
    if (command.front() == "bench")
      command.resize(command.size() - 2);
    const ProcessResult r = runLrscope(command, dir.path());
    EXPECT_TRUE(
        failedWithOneLine(r, {"--device cuda", "has no CUDA", "\"On a GPU\" in docs/reference.md"}))
        << command.front();
  }
  EXPECT_TRUE(
      failedWithOneLine(runLrscope({"find", "--device", "gpu", "--db", "runs.db"}, dir.path()),
                        {"--device gpu: expected cpu, cuda or cuda:N"}));
  EXPECT_FALSE(fs::exists(dir / "runs.db"));
  const ProcessResult cpu =
      runLrscope({"find", "--data", "fashion-mnist", "--sample", "300", "--iters", "10", "--device",
                  "cpu", "--db", "runs.db", "-q"},
                 dir.path());
  EXPECT_EQ(cpu.exitCode, 0) << cpu.err;
}

TEST(Cli, FindHelpExitsZeroAndListsTheLadderFlags) {
  const TempDir dir;
  const ProcessResult result = runLrscope({"find", "--help"}, dir.path());
  ASSERT_FALSE(result.signaled);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(contains(result.out, "--start-lr")) << result.out;
  EXPECT_TRUE(contains(result.out, "--end-lr")) << result.out;
}

} // namespace
} // namespace lrscope::cli
