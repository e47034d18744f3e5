#include "common/temp_dir.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/lr_events.h"

#include <gtest/gtest.h>

#include <fstream>
#include <limits>
#include <string>

namespace lrscope::engine {
namespace {

using lrscope::test::TempDir;

class LrEventsFile : public ::testing::Test {
protected:
  /// Writes `text` to events.txt and returns its path.
  std::filesystem::path write(const std::string& text) {
    const std::filesystem::path file = m_dir / "events.txt";
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

  /// The message readLrEvents throws for `text`; fails the test when it throws none.
  std::string errorFor(const std::string& text) {
    const std::filesystem::path file = write(text);
    try {
      (void)readLrEvents(file);
    } catch (const InputError& e) {
      const std::string message = e.what();
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
      return message;
    }
    ADD_FAILURE() << "expected an InputError for: " << text;
    return {};
  }

  /// "FILE:LINE: " for the events file.
  std::string at(int line) const {
    return (m_dir / "events.txt").string() + ":" + std::to_string(line) + ": ";
  }

  TempDir m_dir;
};

TEST_F(LrEventsFile, ReadsChangesSkippingBlanksAndComments) {
  const auto changes = readLrEvents(write("# drops by hand\n"
                                          "\n"
                                          "0 set 1e-3\n"
                                          "  500\tset   3e-4   # after the plateau\r\n"
                                          "1200 scale 0.5\n"
                                          "1200 scale 2\n"
                                          "   \n"
                                          "# the end"));
  ASSERT_EQ(changes.size(), 4u);
  EXPECT_EQ(changes[0].step, 0);
  EXPECT_EQ(changes[0].kind, LrChange::Kind::Set);
  EXPECT_EQ(changes[0].value, 1e-3);
  EXPECT_EQ(changes[1].step, 500);
  EXPECT_EQ(changes[1].kind, LrChange::Kind::Set);
  EXPECT_EQ(changes[1].value, 3e-4);
  EXPECT_EQ(changes[2].step, 1200);
  EXPECT_EQ(changes[2].kind, LrChange::Kind::Scale);
  EXPECT_EQ(changes[2].value, 0.5);
  EXPECT_EQ(changes[3].step, 1200); // the same step again: applied in file order
  EXPECT_EQ(changes[3].value, 2.0);
}

TEST_F(LrEventsFile, AnEmptyFileHoldsNoChanges) {
  EXPECT_TRUE(readLrEvents(write("")).empty());
  EXPECT_TRUE(readLrEvents(write("# nothing yet\n\n")).empty());
}

TEST_F(LrEventsFile, BadLinesNameFileAndLine) {
  EXPECT_EQ(errorFor("10 set 1e-3\n20 add 0.1\n"),
            at(2) + "unknown change \"add\" (use set or scale)");
  EXPECT_EQ(errorFor("10 set -1\n"), at(1) + "the LR must be positive and finite, got -1");
  EXPECT_EQ(errorFor("# c\n10 scale 0\n"), at(2) + "the factor must be positive and finite, got 0");
  EXPECT_EQ(errorFor("10 set nan\n"), at(1) + "the LR must be positive and finite, got nan");
  EXPECT_EQ(errorFor("10 set inf\n"), at(1) + "the LR must be positive and finite, got inf");
  EXPECT_EQ(errorFor("100 set 1e-3\n\n50 set 1e-4\n"),
            at(3) + "step 50 comes before the previous change's step 100; steps must not decrease");
  EXPECT_EQ(errorFor("hello world\n"),
            at(1) + "expected \"STEP set LR\" or \"STEP scale FACTOR\", got \"hello world\"");
  EXPECT_EQ(errorFor("10 set 1e-3 0.5 # two values\n"),
            at(1) + "expected \"STEP set LR\" or \"STEP scale FACTOR\", got \"10 set 1e-3 0.5\"");
  EXPECT_EQ(errorFor("10 set fast\n"), at(1) + "the LR \"fast\" is not a number");
  EXPECT_EQ(errorFor("10 scale 0.5x\n"), at(1) + "the factor \"0.5x\" is not a number");
  EXPECT_EQ(errorFor("10 set 1e999\n"), at(1) + "the LR \"1e999\" is out of the range of a double");
  const std::string notAStep =
      " is not a whole number from 0 to " + std::to_string(std::numeric_limits<int>::max());
  EXPECT_EQ(errorFor("1.5 set 0.1\n"), at(1) + "the step \"1.5\"" + notAStep);
  EXPECT_EQ(errorFor("-3 set 0.1\n"), at(1) + "the step \"-3\"" + notAStep);
  EXPECT_EQ(errorFor("99999999999 set 0.1\n"), at(1) + "the step \"99999999999\"" + notAStep);
  EXPECT_EQ(errorFor("\x01\xff\xfe garbage\n"),
            at(1) +
                "expected \"STEP set LR\" or \"STEP scale FACTOR\", got \"\x01\xff\xfe garbage\"");
}

TEST_F(LrEventsFile, AFileThatCannotBeReadIsNamed) {
  const std::filesystem::path missing = m_dir / "missing.txt";
  try {
    (void)readLrEvents(missing);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), missing.string() + ": cannot read the file: not found");
  }
  try {
    (void)readLrEvents(m_dir.path());
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(m_dir.path().string() + ": cannot read", 0), 0u)
        << e.what();
  }
}

TEST(LrAdjustment, ScalesMultiply) {
  LrAdjustment adjustment;
  EXPECT_EQ(adjustment.multiplier(), 1.0);
  EXPECT_EQ(adjustment.apply({10, LrChange::Kind::Scale, 0.5}, 0.1), 0.5);
  EXPECT_EQ(adjustment.apply({20, LrChange::Kind::Scale, 0.5}, 0.1), 0.25);
  EXPECT_EQ(adjustment.multiplier(), 0.25);
}

TEST(LrAdjustment, SetKeepsTheRatioToTheSchedule) {
  LrAdjustment adjustment;
  (void)adjustment.apply({5, LrChange::Kind::Scale, 4.0}, 0.02);
  // Set 0.003 where the schedule is 0.01: multiplier 0.3, whatever came before.
  EXPECT_NEAR(adjustment.apply({10, LrChange::Kind::Set, 0.003}, 0.01), 0.3, 1e-15);
  // Later the schedule is at 0.005: the LR used is 0.005 * 0.3 = 0.0015.
  EXPECT_NEAR(0.005 * adjustment.multiplier(), 0.0015, 1e-15);
  // A scale after a set multiplies the set level: 0.3 * 2.
  EXPECT_NEAR(adjustment.apply({30, LrChange::Kind::Scale, 2.0}, 0.004), 0.6, 1e-15);
  // Another set replaces it: 0.002 / 0.004.
  EXPECT_NEAR(adjustment.apply({40, LrChange::Kind::Set, 0.002}, 0.004), 0.5, 1e-15);
}

TEST(LrAdjustment, RefusesWhatHasNoMultiplier) {
  LrAdjustment adjustment;
  (void)adjustment.apply({1, LrChange::Kind::Scale, 0.5}, 0.1);
  try {
    (void)adjustment.apply({7, LrChange::Kind::Set, 0.01}, 0.0);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "step 7: cannot set the LR to 0.01: the schedule's LR there is 0, and "
                           "a set keeps a ratio to it");
  }
  EXPECT_THROW((void)adjustment.apply({8, LrChange::Kind::Scale, -2.0}, 0.1), InputError);
  EXPECT_THROW((void)adjustment.apply(
                   {8, LrChange::Kind::Set, std::numeric_limits<double>::infinity()}, 0.1),
               InputError);
  EXPECT_EQ(adjustment.multiplier(), 0.5); // unchanged by the refused changes
}

} // namespace
} // namespace lrscope::engine
