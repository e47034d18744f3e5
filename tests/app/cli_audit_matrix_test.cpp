// lrscope audit-matrix as a real process on a tiny matrix (logreg and MLP, 2 epochs, one seed,
// two tables): what it prints and stores, that a rerun reads finished cells back instead of
// training them again, that a failing cell does not stop the others, and how a bad spec is
// refused before anything runs.
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
using test::regressionCsv;
using test::runLrscope;

/// The tiny matrix CI runs: logreg and MLP x sgd and adam x a classification table and a
/// regression table (held out), 2 epochs, one seed.
const char* const kTinySpec = R"({
  "seeds": 1,
  "optimizers": ["sgd", "adam"],
  "models": ["logreg", "mlp --widths 16"],
  "data": [
    {"name": "blobs", "flags": "--data table.csv --label y --epochs 2 --batch-size 20 --validation 30"},
    {"name": "targets", "held_out": true,
     "flags": ["--data", "targets.csv", "--label", "target", "--task", "regression",
               "--epochs", "2", "--batch-size", "16", "--validation", "20"]}
  ]
})";

class CliAuditMatrix : public ::testing::Test {
protected:
  void SetUp() override {
    writeText(m_dir / "table.csv", blobsCsv(300));
    writeText(m_dir / "targets.csv", regressionCsv());
    writeText(m_dir / "spec.json", kTinySpec);
  }

  ProcessResult run(const std::vector<std::string>& args) {
    ProcessResult result = runLrscope(args, m_dir.path());
    EXPECT_EQ(result.exitCode, 0) << commandLine(args) << "\n" << result.err;
    return result;
  }

  [[nodiscard]] fs::path db() const { return m_dir / "runs.db"; }

  TempDir m_dir;
};

TEST_F(CliAuditMatrix, RunsEveryCellOnAFixedGridAndAResumeReadsThemBack) {
  const nlohmann::json out = jsonOf(run({"audit-matrix", "spec.json", "--db", "runs.db", "--csv",
                                         "cells.csv", "--records", "records.json", "--json"}));
  const nlohmann::json& cells = out["cells"];
  ASSERT_EQ(cells.size(), 8u) << out.dump(2); // 2 tables x 2 models x 2 optimizers
  std::set<std::string> names;
  for (const nlohmann::json& cell : cells) {
    names.insert(cell["data"].get<std::string>() + " " + cell["model"].get<std::string>() + " " +
                 cell["optimizer"].get<std::string>());
    EXPECT_EQ(cell["status"], "completed") << cell.dump(2);
    EXPECT_FALSE(cell["resumed"].get<bool>());
    EXPECT_EQ(cell["seeds"], 1);
    EXPECT_EQ(cell["held_out"], cell["data"] == "targets");
    EXPECT_EQ(cell["metric"], cell["data"] == "targets" ? "test_loss" : "test_accuracy");
    EXPECT_GT(cell["best_max_lr"].get<double>(), 0.0) << cell.dump(2);
    // Every rule scored, both on the same grid: the fastai rules, LR Scope's range rule by each
    // of its versions, and the trained suggestion.
    for (const char* rule : {"minimum", "valley", "lrscope_range_v2", "lrscope_range_upper"})
      EXPECT_TRUE(cell["rules"].contains(rule)) << rule << " in " << cell["rules"].dump(2);
  }
  EXPECT_EQ(names,
            (std::set<std::string>{"blobs logreg sgd", "blobs logreg adam", "blobs mlp sgd",
                                   "blobs mlp adam", "targets logreg sgd", "targets logreg adam",
                                   "targets mlp sgd", "targets mlp adam"}));
  // Each cell is one fixed-grid audit with its range test and trainings.
  EXPECT_EQ(count(db(), "SELECT count(*) FROM runs WHERE kind = 'audit' AND status = 'completed'"),
            8);
  EXPECT_EQ(count(db(), "SELECT count(*) FROM runs r JOIN experiments e ON e.id = "
                        "r.experiment_id WHERE e.name = 'audit-matrix' AND r.kind = 'audit'"),
            8);
  const int64_t trainings = count(db(), "SELECT count(*) FROM runs WHERE kind = 'training'");
  EXPECT_GE(trainings, 8 * 3) << "a grid of at least 2 points and the suggestion per cell";
  const nlohmann::json shown =
      jsonOf(run({"show", std::to_string(cells[0]["audit_run_id"].get<int64_t>()), "--db",
                  "runs.db", "--json"}));
  EXPECT_EQ(shown["config"]["audit"]["grid"], "fixed");

  // Records: per rule and optimizer, the calibration cells (blobs) apart from the held out.
  const nlohmann::json records =
      nlohmann::json::parse(engine::test::readText(m_dir / "records.json"));
  int heldOut = 0;
  for (const nlohmann::json& record : records) {
    EXPECT_EQ(record["cells"], 2) << record.dump(); // logreg and mlp
    EXPECT_LE(record["within_one_std"].get<int>(), 2);
    heldOut += record["held_out"].get<bool>() ? 1 : 0;
  }
  EXPECT_GT(heldOut, 0);
  EXPECT_EQ(records, out["records"]);
  const std::string csv = engine::test::readText(m_dir / "cells.csv");
  EXPECT_EQ(csv.rfind("data,model,optimizer,held_out,status,metric,", 0), 0u) << csv;
  EXPECT_TRUE(contains(csv, "blobs,mlp,adam,false,completed,test_accuracy,1,")) << csv;
  EXPECT_TRUE(contains(csv, "targets,logreg,sgd,true,completed,test_loss,1,")) << csv;

  // A rerun trains nothing: every cell is read back from its stored audit, scored the same.
  const ProcessResult again = run({"audit-matrix", "spec.json", "--db", "runs.db"});
  EXPECT_EQ(count(db(), "SELECT count(*) FROM runs WHERE kind = 'training'"), trainings);
  EXPECT_TRUE(contains(again.err, "cell 8/8 targets mlp adam: finished before")) << again.err;
  EXPECT_TRUE(contains(again.out, "blobs logreg sgd")) << again.out;
  EXPECT_TRUE(contains(again.out, "calibration cells")) << again.out;
  EXPECT_TRUE(contains(again.out, "held-out cells")) << again.out;
  const nlohmann::json resumed =
      jsonOf(run({"audit-matrix", "spec.json", "--db", "runs.db", "--json"}));
  for (std::size_t i = 0; i < cells.size(); ++i) {
    EXPECT_TRUE(resumed["cells"][i]["resumed"].get<bool>());
    EXPECT_EQ(resumed["cells"][i]["rules"], cells[i]["rules"]) << i;
    EXPECT_EQ(resumed["cells"][i]["audit_run_id"], cells[i]["audit_run_id"]);
  }
}

TEST_F(CliAuditMatrix, ShardsRunTheirCellsAndTheMergedMatrixReadsEveryCellBack) {
  // Three shards of eight cells: blocks of 2, 3 and 3, each in its own file.
  std::vector<std::string> merge = {"merge", "--db", "runs.db"};
  for (const char* shard : {"0/3", "1/3", "2/3"}) {
    run({"audit-matrix", "spec.json", "--db", "runs.db", "--shard", shard, "-q"});
    merge.push_back("runs.shard-" + std::string(1, shard[0]) + "-of-3.db");
  }
  EXPECT_EQ(count(m_dir / "runs.shard-0-of-3.db", "SELECT count(*) FROM runs WHERE kind = 'audit'"),
            2);
  EXPECT_EQ(count(m_dir / "runs.shard-2-of-3.db", "SELECT count(*) FROM runs WHERE kind = 'audit'"),
            3);
  run(merge);
  const int64_t trainings = count(db(), "SELECT count(*) FROM runs WHERE kind = 'training'");
  const nlohmann::json merged =
      jsonOf(run({"audit-matrix", "spec.json", "--db", "runs.db", "--json"}));
  ASSERT_EQ(merged["cells"].size(), 8u);
  for (const nlohmann::json& cell : merged["cells"]) {
    EXPECT_TRUE(cell["resumed"].get<bool>()) << cell.dump(2);
    EXPECT_EQ(cell["status"], "completed");
  }
  EXPECT_EQ(count(db(), "SELECT count(*) FROM runs WHERE kind = 'training'"), trainings);
  // The whole table is written from the merged database, never by a shard.
  EXPECT_TRUE(failedWithOneLine(runLrscope({"audit-matrix", "spec.json", "--db", "runs.db",
                                            "--shard", "0/3", "--csv", "cells.csv"},
                                           m_dir.path()),
                                {"--csv and --records write the whole matrix"}));
}

TEST_F(CliAuditMatrix, ACellThatFailsIsRecordedAndTheOthersRun) {
  // A CNN needs images: on a table its cells fail when they start; the logreg cells run.
  writeText(m_dir / "spec.json", R"({"seeds": 1, "optimizers": ["sgd"], "models": ["cnn", "logreg"],
    "data": [{"name": "blobs", "flags": "--data table.csv --label y --epochs 1 --batch-size 20 --validation 30"}]})");
  const ProcessResult result =
      runLrscope({"audit-matrix", "spec.json", "--db", "runs.db", "--json", "--csv", "cells.csv"},
                 m_dir.path());
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const nlohmann::json out = jsonOf(result);
  ASSERT_EQ(out["cells"].size(), 2u);
  EXPECT_EQ(out["cells"][0]["status"], "failed");
  EXPECT_FALSE(out["cells"][0]["message"].get<std::string>().empty());
  EXPECT_TRUE(contains(result.err, "cell blobs cnn sgd failed")) << result.err;
  EXPECT_EQ(out["cells"][1]["status"], "completed");
  EXPECT_EQ(count(db(), "SELECT count(*) FROM runs WHERE kind = 'audit' AND status = 'failed'"), 1);
  const std::string csv = engine::test::readText(m_dir / "cells.csv");
  EXPECT_TRUE(contains(csv, "blobs,cnn,sgd,false,failed,")) << csv;
  // Every CSV row has as many fields as the header.
  std::size_t lineStart = 0;
  const std::size_t fields = std::count(csv.begin(), csv.begin() + csv.find('\n'), ',');
  while (lineStart < csv.size()) {
    const std::size_t end = csv.find('\n', lineStart);
    EXPECT_EQ(static_cast<std::size_t>(std::count(csv.begin() + lineStart, csv.begin() + end, ',')),
              fields)
        << csv.substr(lineStart, end - lineStart);
    lineStart = end + 1;
  }
}

TEST_F(CliAuditMatrix, SuggestFindsAStoredRangeAgainByEitherVersionAndSavesItOnRequest) {
  const nlohmann::json found =
      jsonOf(run({"find", "--data", "table.csv", "--label", "y", "--model", "logreg",
                  "--validation", "30", "--db", "runs.db", "--json", "-q"}));
  const std::string id = std::to_string(found["run_id"].get<int64_t>());
  EXPECT_EQ(found["range"]["version"], 3) << found.dump(2);
  const nlohmann::json v2 =
      jsonOf(run({"suggest", "--run", id, "--db", "runs.db", "--range-rule", "2", "--json"}));
  EXPECT_EQ(v2["range"]["version"], 2) << v2.dump(2);
  EXPECT_FALSE(v2["saved"].get<bool>());
  const auto storedRule = [&] {
    SQLite::Database database((m_dir / "runs.db").string(), SQLite::OPEN_READONLY);
    return database.execAndGet("SELECT rule FROM ranges WHERE run_id = " + id).getString();
  };
  EXPECT_EQ(storedRule(), "lrscope-range v3"); // only --save replaces it
  run({"suggest", "--run", id, "--db", "runs.db", "--range-rule", "2", "--save"});
  EXPECT_EQ(storedRule(), "lrscope-range v2");

  // An audit's range test is compared, never overwritten; a training has no suggestions.
  run({"audit-matrix", "spec.json", "--db", "runs.db", "-q"});
  const std::string auditRangeTest = std::to_string(
      count(db(), "SELECT id FROM runs WHERE kind = 'range_test' AND parent_run_id IS NOT NULL"));
  run({"suggest", "--run", auditRangeTest, "--db", "runs.db", "--range-rule", "2"});
  EXPECT_TRUE(failedWithOneLine(
      runLrscope({"suggest", "--run", auditRangeTest, "--db", "runs.db", "--save"}, m_dir.path()),
      {"audit run", "--save"}));
  const std::string training =
      std::to_string(count(db(), "SELECT id FROM runs WHERE kind = 'training' LIMIT 1"));
  EXPECT_TRUE(
      failedWithOneLine(runLrscope({"suggest", "--run", training, "--db", "runs.db"}, m_dir.path()),
                        {"training run", "range test"}));
}

struct BadSpec {
  std::string name;
  std::string spec;
  std::vector<std::string> mentions;
  friend void PrintTo(const BadSpec& input, std::ostream* out) { *out << input.name; }
};

class CliAuditMatrixRejects : public ::testing::TestWithParam<BadSpec> {};

TEST_P(CliAuditMatrixRejects, BeforeAnythingRunsWithOneLine) {
  const BadSpec& input = GetParam();
  const TempDir dir;
  writeText(dir / "table.csv", blobsCsv(60));
  writeText(dir / "spec.json", input.spec);
  const ProcessResult result =
      runLrscope({"audit-matrix", "spec.json", "--db", "runs.db", "-q"}, dir.path());
  EXPECT_TRUE(failedWithOneLine(result, input.mentions)) << input.spec;
  EXPECT_FALSE(fs::exists(dir / "runs.db")) << "nothing may be stored";
}

const char* const kData = R"("data": [{"name": "blobs", "flags": "--data table.csv --label y"}])";

std::string spec(const std::string& optimizers, const std::string& models,
                 const std::string& data = kData, const std::string& more = "") {
  return "{" + more + "\"optimizers\": " + optimizers + ", \"models\": " + models + ", " + data +
         "}";
}

INSTANTIATE_TEST_SUITE_P(
    BadSpecs, CliAuditMatrixRejects,
    ::testing::Values(
        BadSpec{"UnknownOptimizer",
                spec(R"(["sgd", "adagrad"])", R"(["logreg"])"),
                {"blobs logreg adagrad", "adagrad"}},
        BadSpec{"UnknownModel",
                spec(R"(["sgd"])", R"(["transformer"])"),
                {"blobs transformer sgd", "transformer"}},
        BadSpec{"UnknownDataSet",
                spec(R"(["sgd"])", R"(["logreg"])",
                     R"("data": [{"name": "imagenet", "flags": "--data imagenet"}])"),
                {"imagenet", "unknown data source"}},
        BadSpec{"NoOptimizers", spec("[]", R"(["logreg"])"), {"\"optimizers\"", "non-empty"}},
        BadSpec{"NoModels", spec(R"(["sgd"])", "[]"), {"\"models\"", "non-empty"}},
        BadSpec{"NoDataSets",
                spec(R"(["sgd"])", R"(["logreg"])", R"("data": [])"),
                {"\"data\"", "non-empty"}},
        BadSpec{"ZeroSeeds",
                spec(R"(["sgd"])", R"(["logreg"])", kData, R"("seeds": 0, )"),
                {"\"seeds\"", "1 to 100"}},
        BadSpec{
            "AModelInTheDataFlags",
            spec(
                R"(["sgd"])", R"(["logreg"])",
                R"("data": [{"name": "blobs", "flags": "--data table.csv --label y --model mlp"}])"),
            {"--model", "\"models\""}},
        BadSpec{"AnUnknownKey",
                spec(R"(["sgd"])", R"(["logreg"])", kData, R"("grid": "wide", )"),
                {"unknown key \"grid\""}},
        BadSpec{"ABadFlag",
                spec(R"(["sgd --momentum lots"])", R"(["logreg"])"),
                {"blobs logreg sgd", "--momentum"}},
        BadSpec{"NotJson", "{\"optimizers\": [", {"spec.json", "not valid JSON"}}));

} // namespace
} // namespace lrscope::cli
