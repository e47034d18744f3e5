// The formats of recorded curves beside a plain lr/loss CSV: fastai's recorder saved by pandas,
// LR Scope's own CSV and JSON exports read back, and the detector that tells them apart.
#include "lrscope/engine/curve_file.h"

#include "lrscope/engine/input_error.h"
#include "test_files.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace lrscope::engine {
namespace {

using test::contains;
using test::inputErrorOf;
using test::TempDir;
using test::writeText;

TEST(CurveFormatsTest, ReadsAFastaiRecorderSavedByPandasWithTensorLosses) {
  const TempDir dir;
  // pd.DataFrame({'lrs': learn.recorder.lrs, 'losses': learn.recorder.losses}).to_csv(...):
  // an unnamed index column first, losses printed as tensors (quoted when they hold a comma).
  writeText(dir / "fastai.csv", ",lrs,losses\n"
                                "0,1e-07,tensor(2.3026)\n"
                                "1,1.2e-07,\"tensor(2.3011, device='cuda:0')\"\n"
                                "2,1.5e-07,TensorBase(2.2900)\n"
                                "3,2e-07,\"tensor(2.25, grad_fn=<AddBackward0>)\"\n"
                                "4,3e-07,tensor(nan)\n"
                                "5,4e-07,\n"
                                "6,5e-07,1.5\n");
  EXPECT_EQ(detectCurveFormat(dir / "fastai.csv"), CurveFormat::FastaiRecorderCsv);
  const LrCurve curve = readCurveFile(dir / "fastai.csv");
  EXPECT_EQ(curve.lrs, (std::vector<double>{1e-07, 1.2e-07, 1.5e-07, 2e-07, 3e-07, 4e-07, 5e-07}));
  ASSERT_EQ(curve.losses.size(), 7U);
  EXPECT_EQ(curve.losses[0], 2.3026);
  EXPECT_EQ(curve.losses[1], 2.3011);
  EXPECT_EQ(curve.losses[2], 2.29);
  EXPECT_EQ(curve.losses[3], 2.25);
  EXPECT_TRUE(std::isnan(curve.losses[4]));
  EXPECT_TRUE(std::isnan(curve.losses[5])); // an empty cell is pandas' NaN
  EXPECT_EQ(curve.losses[6], 1.5);
  EXPECT_TRUE(curve.rawLosses.empty());
}

TEST(CurveFormatsTest, ReadsALearningRateColumnAndSmoothedLossAsTheCurve) {
  const TempDir dir;
  // As lrscope export --csv writes it: loss is raw, smoothed_loss is what the rules read.
  writeText(dir / "run.csv", "step,learning_rate,loss,smoothed_loss,wall_time_s\n"
                             "0,0.001,2.5,2.4,0\n"
                             "1,0.01,inf,2.6,0.5\n");
  EXPECT_EQ(detectCurveFormat(dir / "run.csv"), CurveFormat::LrLossCsv);
  const LrCurve curve = readCurveFile(dir / "run.csv");
  EXPECT_EQ(curve.lrs, (std::vector<double>{0.001, 0.01}));
  EXPECT_EQ(curve.losses, (std::vector<double>{2.4, 2.6}));
  ASSERT_EQ(curve.rawLosses.size(), 2U);
  EXPECT_EQ(curve.rawLosses[0], 2.5);
  EXPECT_TRUE(std::isinf(curve.rawLosses[1]));
}

/// A minimal "lrscope-run" export of this kind and format_version with these step metrics.
std::string runExport(const std::string& kind, int version, const std::string& steps) {
  return "{\"format\": \"lrscope-run\", \"format_version\": " + std::to_string(version) +
         ", \"id\": 7, \"kind\": \"" + kind + "\", \"config\": {}, \"step_metrics\": " + steps +
         "}";
}

TEST(CurveFormatsTest, ReadsTheStepMetricsOfAnLrScopeRunExport) {
  const TempDir dir;
  writeText(dir / "run.json",
            runExport("range_test", 2,
                      "{\"step\": [0, 1, 2], \"lr\": [1e-06, 1.2345678901234567e-05, 0.1], "
                      "\"loss\": [2.3, 2.2, null], \"smoothed_loss\": [2.3, 2.25, 2.4], "
                      "\"batch_accuracy_fraction\": [0.1, 0.2, null]}"));
  EXPECT_EQ(detectCurveFormat(dir / "run.json"), CurveFormat::LrScopeRunJson);
  const LrCurve curve = readCurveFile(dir / "run.json");
  EXPECT_EQ(curve.lrs, (std::vector<double>{1e-06, 1.2345678901234567e-05, 0.1}));
  EXPECT_EQ(curve.losses, (std::vector<double>{2.3, 2.25, 2.4}));
  ASSERT_EQ(curve.rawLosses.size(), 3U);
  EXPECT_EQ(curve.rawLosses[1], 2.2);
  EXPECT_TRUE(std::isnan(curve.rawLosses[2]));
}

TEST(CurveFormatsTest, DetectsEachFormatByContent) {
  const TempDir dir;
  writeText(dir / "a.txt", "LR,Loss\n0.1,1\n0.2,1\n");
  writeText(dir / "b.txt", ",lrs,losses\n0,0.1,1\n1,0.2,1\n");
  writeText(dir / "c.txt", "{\"lr\": [0.1, 0.2], \"loss\": [1, 2]}");
  writeText(dir / "d.txt", runExport("imported", 1, "{\"lr\": [0.1, 0.2], \"loss\": [1, 2]}"));
  EXPECT_EQ(detectCurveFormat(dir / "a.txt"), CurveFormat::LrLossCsv);
  EXPECT_EQ(detectCurveFormat(dir / "b.txt"), CurveFormat::FastaiRecorderCsv);
  EXPECT_EQ(detectCurveFormat(dir / "c.txt"), CurveFormat::LrFinderHistoryJson);
  EXPECT_EQ(detectCurveFormat(dir / "d.txt"), CurveFormat::LrScopeRunJson);
  EXPECT_EQ(curveFormatName(CurveFormat::FastaiRecorderCsv), "fastai recorder CSV");
  // Without a smoothed_loss key, an export's loss is the curve.
  EXPECT_EQ(readCurveFile(dir / "d.txt").losses, (std::vector<double>{1.0, 2.0}));
}

TEST(CurveFormatsTest, SaysWhatIsWrongWithAFileThatIsNoCurve) {
  const TempDir dir;
  writeText(dir / "notes.txt", "shopping list\neggs\n");
  writeText(dir / "empty.csv", "\n \n");
  const std::string notes = inputErrorOf([&] { (void)detectCurveFormat(dir / "notes.txt"); });
  EXPECT_EQ(notes, (dir / "notes.txt").string() +
                       ": not a curve LR Scope can import: expected a CSV with lr and loss "
                       "columns, a pytorch-lr-finder history JSON, a fastai recorder CSV (lrs, "
                       "losses) or an LR Scope run export (.json)");
  EXPECT_TRUE(contains(inputErrorOf([&] { (void)detectCurveFormat(dir / "empty.csv"); }),
                       "empty.csv: the file is empty"));
  EXPECT_TRUE(contains(inputErrorOf([&] { (void)detectCurveFormat(dir / "missing.csv"); }),
                       "missing.csv: file not found"));
}

struct BadExport {
  std::string content;
  std::string expected;
};

class RunExportErrorTest : public testing::TestWithParam<BadExport> {};

TEST_P(RunExportErrorTest, NamesTheProblem) {
  const TempDir dir;
  writeText(dir / "run.json", GetParam().content);
  const std::string message = inputErrorOf([&] { (void)readCurveFile(dir / "run.json"); });
  EXPECT_TRUE(contains(message, (dir / "run.json").string() + ": " + GetParam().expected))
      << message;
}

INSTANTIATE_TEST_SUITE_P(
    LrScopeRun, RunExportErrorTest,
    testing::Values(
        BadExport{runExport("training", 2, "{\"lr\": [0.1, 0.05], \"loss\": [1, 2]}"),
                  "run 7 is a training run, not a loss-vs-LR curve; only range tests and "
                  "imported curves can be imported"},
        BadExport{runExport("range_test", 3, "{}"),
                  "an LR Scope run export of format_version 3, newer than this LR Scope reads "
                  "(up to 2); update LR Scope"},
        BadExport{"{\"format\": \"lrscope-run\", \"step_metrics\": {}}",
                  "an LR Scope run export without a valid \"format_version\""},
        BadExport{runExport("range_test", 2, "[1, 2]"),
                  "an LR Scope run export without a \"step_metrics\" object"},
        BadExport{runExport("range_test", 2,
                            "{\"lr\": [0.1, 0.3, 0.2], \"loss\": [1, 1, 1], "
                            "\"smoothed_loss\": [1, 1, 1]}"),
                  "\"step_metrics.lr\"[2]: lr 0.2 is not greater than the previous lr 0.3"},
        BadExport{runExport("range_test", 2, "{\"lr\": [0.1, 0.3], \"loss\": [1]}"),
                  "\"step_metrics.lr\" has 2 values but \"step_metrics.loss\" has 1"},
        BadExport{runExport("range_test", 2, "{\"step\": [0, 1], \"loss\": [1, 1]}"),
                  "no key \"lr\", \"lrs\" or \"learning_rate\" (keys: loss, step)"}));

} // namespace
} // namespace lrscope::engine
