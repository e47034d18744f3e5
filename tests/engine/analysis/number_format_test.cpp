#include "lrscope/engine/number_format.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

namespace lrscope::engine {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

struct Case {
  const char* what;
  std::string (*format)(double);
  double value;
  const char* text;
};

std::string lrOfTwoDigits(double lr) {
  return formatLr(lr, 2);
}

/// Every surface prints through these, so the texts the app, the report and the command line
/// show are pinned here.
TEST(NumberFormat, WritesEachKindOfNumberOneWay) {
  const std::vector<Case> cases = {
      {"lr", [](double v) { return formatLr(v); }, 1.23456e-3, "1.235e-03"},
      {"lr", [](double v) { return formatLr(v); }, 1.0, "1.000e+00"},
      {"lr", [](double v) { return formatLr(v); }, 0.0, "0.000e+00"},
      {"lr", [](double v) { return formatLr(v); }, kNan, "-"},
      {"lr", [](double v) { return formatLr(v); }, kInf, "-"},
      {"lr of two digits", lrOfTwoDigits, 3.2e-3, "3.2e-03"},
      {"short lr", formatLrShort, 1e-5, "1e-5"},
      {"short lr", formatLrShort, 2.5e-4, "2.5e-4"},
      {"short lr", formatLrShort, 0.0333333, "3.33e-2"},
      {"short lr", formatLrShort, 0.1, "0.1"},
      {"short lr", formatLrShort, 0.0193, "1.93e-2"},
      {"short lr", formatLrShort, 0.25, "0.25"},
      {"short lr", formatLrShort, 10.0, "10"},
      {"short lr", formatLrShort, 9.49e-4, "9.49e-4"},
      {"short lr", formatLrShort, 0.0, "0"},
      {"short lr", formatLrShort, kNan, "-"},
      {"loss", formatLoss, 0.43214, "0.4321"},
      {"loss", formatLoss, 2.0, "2.0000"},
      {"loss", formatLoss, kNan, "-"},
      {"short loss", formatLossShort, 0.43214, "0.432"},
      {"short loss", formatLossShort, 1.9, "1.9"},
      {"short loss", formatLossShort, kInf, "-"},
      {"percent", formatPercent, 0.913, "91.3%"},
      {"percent", formatPercent, 0.79, "79.0%"},
      {"percent", formatPercent, 1.0, "100.0%"},
      {"percent", formatPercent, kNan, "-"},
      {"duration", formatDuration, 0.0, "0.00 s"},
      {"duration", formatDuration, 6.5, "6.50 s"},
      {"duration", formatDuration, 9.999, "10.0 s"},
      {"duration", formatDuration, 12.34, "12.3 s"},
      {"duration", formatDuration, 59.97, "1 min 00 s"},
      {"duration", formatDuration, 119.7, "2 min 00 s"}, // rounded, never truncated
      {"duration", formatDuration, 245.0, "4 min 05 s"},
      {"duration", formatDuration, 3599.6, "1 h 00 min"},
      {"duration", formatDuration, 3720.0, "1 h 02 min"},
      {"duration", formatDuration, 3690.0, "1 h 02 min"}, // 61.5 minutes
      {"duration", formatDuration, -1.0, "-"},
      {"duration", formatDuration, kNan, "-"},
      {"clock", formatClock, 0.4, "0:00"},
      {"clock", formatClock, 65.0, "1:05"},
      {"clock", formatClock, 119.7, "2:00"},
      {"clock", formatClock, 4500.0, "75:00"},
      {"clock", formatClock, kInf, "-"},
  };
  for (const Case& c : cases)
    EXPECT_EQ(c.format(c.value), c.text) << c.what << " " << c.value;
}

} // namespace
} // namespace lrscope::engine
