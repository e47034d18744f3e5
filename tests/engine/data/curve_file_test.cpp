#include "lrscope/engine/curve_file.h"

#include "lrscope/engine/input_error.h"
#include "test_files.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

namespace lrscope::engine {
namespace {

using test::contains;
using test::inputErrorOf;
using test::TempDir;
using test::writeText;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr const char* kNotACurve =
    "not a curve LR Scope can import: expected a CSV with lr and loss columns, a "
    "pytorch-lr-finder history JSON, a fastai recorder CSV (lrs, losses) or an LR Scope run "
    "export (.json)";

TEST(CurveFileTest, ReadsCsvWithExtraColumnsAnyCaseAndCrlf) {
  const TempDir dir;
  writeText(dir / "curve.csv", "step, LR ,Loss,note\r\n"
                               "0,1e-05,2.5,\"warm, up\"\r\n"
                               "\r\n"
                               "1,0.0001,2.25,x\r\n"
                               "2,0.001,1.75,\r\n");
  const LrCurve curve = readCurveFile(dir / "curve.csv");
  EXPECT_EQ(curve.lrs, (std::vector<double>{1e-05, 0.0001, 0.001}));
  EXPECT_EQ(curve.losses, (std::vector<double>{2.5, 2.25, 1.75}));
  EXPECT_TRUE(curve.rawLosses.empty());
}

TEST(CurveFileTest, KeepsFullDoublePrecision) {
  const TempDir dir;
  writeText(dir / "curve.csv", "lr,loss\n"
                               "1.2345678901234567e-07,0.69314718055994531\n"
                               "1.2345678901234568e-07,3.4028236692093846e+38\n");
  const LrCurve curve = readCurveFile(dir / "curve.csv");
  ASSERT_EQ(curve.lrs.size(), 2U);
  EXPECT_EQ(curve.lrs[0], 1.2345678901234567e-07);
  EXPECT_EQ(curve.lrs[1], 1.2345678901234568e-07);
  EXPECT_LT(curve.lrs[0], curve.lrs[1]); // equal as floats, still distinct and increasing
  EXPECT_EQ(curve.losses[0], 0.69314718055994531);
  EXPECT_EQ(curve.losses[1], 3.4028236692093846e+38); // beyond float range
}

TEST(CurveFileTest, FillsRawLossesFromARawLossColumn) {
  const TempDir dir;
  writeText(dir / "curve.csv", "lr,raw_loss,loss\n"
                               "0.01,2.0,2.1\n"
                               "0.1,1.0,1.9\n");
  const LrCurve curve = readCurveFile(dir / "curve.csv");
  EXPECT_EQ(curve.losses, (std::vector<double>{2.1, 1.9}));
  EXPECT_EQ(curve.rawLosses, (std::vector<double>{2.0, 1.0}));
}

TEST(CurveFileTest, AcceptsNonFiniteLossesInCsv) {
  const TempDir dir;
  writeText(dir / "curve.csv", "lr,loss\n"
                               "0.01,1.5\n"
                               "0.1, NaN\n"
                               "1,inf\n"
                               "10,-INF\n");
  const LrCurve curve = readCurveFile(dir / "curve.csv");
  ASSERT_EQ(curve.losses.size(), 4U);
  EXPECT_EQ(curve.losses[0], 1.5);
  EXPECT_TRUE(std::isnan(curve.losses[1]));
  EXPECT_EQ(curve.losses[2], kInf);
  EXPECT_EQ(curve.losses[3], -kInf);
}

TEST(CurveFileTest, ReadsPytorchLrFinderHistoryJson) {
  const TempDir dir;
  // The extension does not matter: the content starts with '{'.
  writeText(dir / "history.txt",
            "\n  {\"lr\": [1e-07, 1.2345678901234567e-06, 0.001, 1], \"loss\": [2.3, 2.2, null, "
            "1e3], \"note\": \"x\"}\n");
  const LrCurve curve = readCurveFile(dir / "history.txt");
  EXPECT_EQ(curve.lrs, (std::vector<double>{1e-07, 1.2345678901234567e-06, 0.001, 1.0}));
  ASSERT_EQ(curve.losses.size(), 4U);
  EXPECT_EQ(curve.losses[0], 2.3);
  EXPECT_EQ(curve.losses[1], 2.2);
  EXPECT_TRUE(std::isnan(curve.losses[2]));
  EXPECT_EQ(curve.losses[3], 1000.0);
  EXPECT_TRUE(curve.rawLosses.empty());
}

TEST(CurveFileTest, ReadsPythonNonFiniteLiteralsAndRawLossInJson) {
  const TempDir dir;
  // Python's json.dump writes NaN and Infinity bare; a string holding them stays a string.
  writeText(dir / "curve.json", "{\"LR\": [0.1, 0.2, 0.3], \"loss\": [NaN, Infinity, -Infinity],"
                                " \"raw_loss\": [1, \"nan\", 2], \"tag\": \"NaN, Infinity\"}");
  const LrCurve curve = readCurveFile(dir / "curve.json");
  EXPECT_EQ(curve.lrs, (std::vector<double>{0.1, 0.2, 0.3}));
  ASSERT_EQ(curve.losses.size(), 3U);
  EXPECT_TRUE(std::isnan(curve.losses[0]));
  EXPECT_EQ(curve.losses[1], kInf);
  EXPECT_EQ(curve.losses[2], -kInf);
  ASSERT_EQ(curve.rawLosses.size(), 3U);
  EXPECT_EQ(curve.rawLosses[0], 1.0);
  EXPECT_TRUE(std::isnan(curve.rawLosses[1]));
  EXPECT_EQ(curve.rawLosses[2], 2.0);
}

TEST(CurveFileTest, NamesAMissingFile) {
  const TempDir dir;
  const std::string message = inputErrorOf([&] { (void)readCurveFile(dir / "none.csv"); });
  EXPECT_TRUE(contains(message, "none.csv: file not found")) << message;
}

struct BadCurve {
  std::string fileName;
  std::string content;
  std::vector<std::string> expected; ///< parts of the message
};

void PrintTo(const BadCurve& bad, std::ostream* out) {
  *out << bad.fileName << ": " << testing::PrintToString(bad.content);
}

class CurveFileErrorTest : public testing::TestWithParam<BadCurve> {};

TEST_P(CurveFileErrorTest, NamesTheProblemAndWhere) {
  const BadCurve& bad = GetParam();
  const TempDir dir;
  writeText(dir / bad.fileName, bad.content);
  const std::string message = inputErrorOf([&] { (void)readCurveFile(dir / bad.fileName); });
  EXPECT_TRUE(contains(message, (dir / bad.fileName).string())) << message;
  for (const std::string& part : bad.expected) {
    EXPECT_TRUE(contains(message, part)) << "expected \"" << part << "\" in: " << message;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Csv, CurveFileErrorTest,
    testing::Values(
        BadCurve{"curve.csv", "", {"curve.csv: the file is empty"}},
        BadCurve{"curve.csv", " \n\t\r\n", {"curve.csv: the file is empty"}},
        BadCurve{"curve.csv",
                 "a,lr,b\n1,2,3\n",
                 {"curve.csv: no column \"loss\", \"losses\" or \"smoothed_loss\" (columns: a, "
                  "lr, b)"}},
        BadCurve{"curve.csv",
                 "loss\n1\n",
                 {"curve.csv: no column \"lr\", \"lrs\" or \"learning_rate\" (columns: loss)"}},
        BadCurve{"curve.csv",
                 ",lrs,Losses,loss\n0,0.1,1,1\n",
                 {"curve.csv:1: columns \"Losses\" and \"loss\" both name \"loss\""}},
        BadCurve{"curve.csv",
                 "learning_rate,lr,loss\n",
                 {"curve.csv:1: columns \"learning_rate\" and \"lr\" both name \"lr\""}},
        BadCurve{"curve.csv", "epoch,accuracy\n1,0.5\n", {kNotACurve}},
        BadCurve{"curve.csv", "hello world\n", {kNotACurve}},
        BadCurve{"curve.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), {kNotACurve}},
        BadCurve{"curve.csv",
                 "lr,LR,loss\n",
                 {"curve.csv:1: columns \"lr\" and \"LR\" both name \"lr\""}},
        BadCurve{"curve.csv",
                 "lr,loss\n",
                 {"curve.csv: the curve has 0 points; a curve needs at least 2"}},
        BadCurve{"curve.csv",
                 "lr,loss\n0.1,1\n",
                 {"curve.csv: the curve has 1 point; a curve needs at least 2"}},
        BadCurve{"curve.csv",
                 "lr,loss\n0.0001,1\n0.0002,1\n0.0005,1\n\n0.001,1\n0.002,1\n0.001,1\n",
                 {"curve.csv:8: lr 0.001 is not greater than the previous lr 0.002; the curve must "
                  "be sorted by increasing lr"}},
        BadCurve{"curve.csv",
                 "lr,loss\n0.1,1\n0.1,1\n",
                 {"curve.csv:3: lr 0.1 is not greater than the previous lr 0.1"}},
        BadCurve{"curve.csv", "lr,loss\n0,1\n0.1,1\n", {"curve.csv:2: lr 0 is not greater than 0"}},
        BadCurve{"curve.csv",
                 "lr,loss\n-1e-3,1\n0.1,1\n",
                 {"curve.csv:2: lr -0.001 is not greater than 0"}},
        BadCurve{"curve.csv",
                 "lr,loss\n0.1,1\ninf,1\n",
                 {"curve.csv:3: column \"lr\": \"inf\" is not a finite number"}},
        BadCurve{"curve.csv",
                 "lr,loss\nnan,1\n",
                 {"curve.csv:2: column \"lr\": \"nan\" is not a finite number"}},
        BadCurve{"curve.csv",
                 "lr,loss\n0.1,1\n1e999,1\n",
                 {"curve.csv:3: column \"lr\": \"1e999\" is out of the range of a double"}},
        BadCurve{"curve.csv",
                 "lr,loss\n0.1,1\n0.2x,1\n",
                 {"curve.csv:3: column \"lr\": \"0.2x\" is not a number"}},
        BadCurve{"curve.csv",
                 "lr,Loss\n0.1,1\n0.2,n/a\n",
                 {"curve.csv:3: column \"Loss\": \"n/a\" is not a number; write a missing or "
                  "diverged loss as nan"}},
        BadCurve{"curve.csv",
                 "lr,loss\n0.1,1\n,1\n",
                 {"curve.csv:3: column \"lr\": \"\" is not a number"}},
        BadCurve{"fastai.csv",
                 ",lrs,losses\n0,0.1,tensor(2.3)\n1,0.2,\"tensor([2.3000, 2.1000])\"\n",
                 {"fastai.csv:3: column \"losses\": \"tensor([2.3000, 2.1000])\" is not a "
                  "number"}},
        BadCurve{"curve.csv",
                 "lr,loss\n0.1,1\n0.2,1,5\n",
                 {"curve.csv:3: expected 2 columns as in the header, found 3"}},
        BadCurve{"curve.csv",
                 "lr,loss,raw_loss\n0.1,1,1\n0.2,1,oops\n",
                 {"curve.csv:3: column \"raw_loss\": \"oops\" is not a number"}},
        BadCurve{"curve.csv",
                 "lr,loss\n0.1,\"1\n",
                 {"curve.csv:2: column 2: a quoted field is never closed"}}));

INSTANTIATE_TEST_SUITE_P(
    Json, CurveFileErrorTest,
    testing::Values(
        BadCurve{"curve.json",
                 "{\"lr\": [0.1, 0.2], \"loss\": [1, 2]",
                 {"curve.json: not valid JSON: parse error at line 1, column 34"}},
        BadCurve{"curve.json",
                 "{\"lr\": [0.1, 0.2],\n \"loss\": [1, 2]} x",
                 {"curve.json: not valid JSON: parse error at line 2"}},
        BadCurve{"curve.json", "[0.1, 0.2]", {kNotACurve}},
        BadCurve{"curve.json", "{\"name\": \"x\", \"values\": [1, 2]}", {kNotACurve}},
        BadCurve{"curve.json",
                 "{\"lr\": [0.1, 0.2], \"loss_values\": [1, 2]}",
                 {"curve.json: no key \"loss\", \"losses\" or \"smoothed_loss\" (keys: "
                  "loss_values, lr)"}},
        BadCurve{"curve.json",
                 "{\"lr\": [0.1, 0.2], \"Lr\": [1], \"loss\": [1, 2]}",
                 {"curve.json: keys \"Lr\" and \"lr\" both name \"lr\""}},
        BadCurve{"curve.json",
                 "{\"lr\": 0.1, \"loss\": [1, 2]}",
                 {"curve.json: \"lr\" is a number; expected an array of numbers"}},
        BadCurve{"curve.json",
                 "{\"lr\": [0.1, 0.2], \"loss\": {\"a\": 1}}",
                 {"curve.json: \"loss\" is an object; expected an array of numbers"}},
        BadCurve{"curve.json",
                 "{\"lr\": [0.1, 0.2, 0.3], \"loss\": [1, 2]}",
                 {"curve.json: \"lr\" has 3 values but \"loss\" has 2; the arrays must have the "
                  "same length"}},
        BadCurve{"curve.json",
                 "{\"lr\": [0.1, 0.2], \"loss\": [1, 2], \"raw_loss\": [1]}",
                 {"curve.json: \"lr\" has 2 values but \"raw_loss\" has 1"}},
        BadCurve{"curve.json",
                 "{\"lr\": [0.1], \"loss\": [1]}",
                 {"curve.json: the curve has 1 point; a curve needs at least 2"}},
        BadCurve{"curve.json",
                 "{\"lr\": [0.1, 0.3, 0.2], \"loss\": [1, 2, 3]}",
                 {"curve.json: \"lr\"[2]: lr 0.2 is not greater than the previous lr 0.3; the "
                  "curve must be sorted by increasing lr"}},
        BadCurve{"curve.json",
                 "{\"lr\": [0.1, null], \"loss\": [1, 2]}",
                 {"curve.json: \"lr\"[1]: null is not a number"}},
        BadCurve{"curve.json",
                 "{\"lr\": [0.1, NaN], \"loss\": [1, 2]}",
                 {"curve.json: \"lr\"[1]: \"NaN\" is not a number"}},
        BadCurve{"curve.json",
                 "{\"lr\": [-0.1, 0.2], \"loss\": [1, 2]}",
                 {"curve.json: \"lr\"[0]: lr -0.1 is not greater than 0"}},
        BadCurve{"curve.json",
                 "{\"lr\": [0.1, 1e999], \"loss\": [1, 2]}",
                 {"curve.json: cannot read the JSON: number overflow parsing '1e999'"}},
        BadCurve{"curve.json",
                 "{\"lr\": [0.1, 0.2], \"loss\": [1, \"2\"]}",
                 {"curve.json: \"loss\"[1]: \"2\" is not a number; write a missing or diverged "
                  "loss as null"}},
        BadCurve{"curve.json",
                 "{\"lr\": [0.1, 0.2], \"LOSS\": [true, 2]}",
                 {"curve.json: \"LOSS\"[0]: true is not a number"}}));

} // namespace
} // namespace lrscope::engine

namespace lrscope::engine {
namespace {

TEST(CurveFileWriteTest, RoundTripsExactlyIncludingNonFiniteLosses) {
  const test::TempDir dir;
  LrCurve curve;
  curve.lrs = {1e-7, 1.2345678901234567e-05, 0.1, 3.0};
  curve.losses = {2.302585092994046, 2.1, 0.7000000000000001, std::nan("")};
  curve.rawLosses = {2.3, 2.0, 0.69, std::numeric_limits<double>::infinity()};
  writeCurveFile(dir / "curve.csv", curve);
  EXPECT_FALSE(std::filesystem::exists(dir / "curve.csv.part"));
  const LrCurve back = readCurveFile(dir / "curve.csv");
  EXPECT_EQ(back.lrs, curve.lrs);
  ASSERT_EQ(back.losses.size(), 4U);
  EXPECT_EQ(back.losses[2], curve.losses[2]);
  EXPECT_TRUE(std::isnan(back.losses[3]));
  EXPECT_EQ(back.rawLosses[3], curve.rawLosses[3]);
}

TEST(CurveFileWriteTest, UnwritablePlaceIsAnInputErrorAndLeavesNothing) {
  const test::TempDir dir;
  LrCurve curve;
  curve.lrs = {0.1, 1.0};
  curve.losses = {1.0, 2.0};
  EXPECT_THROW(writeCurveFile(dir / "no-such-folder" / "curve.csv", curve), InputError);
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

} // namespace
} // namespace lrscope::engine
