#pragma once

// How every surface (app, report, command line, run messages) writes numbers for people to
// read. Files and machine-readable output use numberText (number_text.h) or JSON instead.
#include <string>

namespace lrscope::engine {

/// What stands for a value that is missing or not a number.
inline constexpr char kMissing[] = "-";

/// "1.234e-03": scientific with `significantDigits` digits (2 gives "3.2e-03").
[[nodiscard]] std::string formatLr(double lr, int significantDigits = 4);
/// "1e-5", "2.5e-4", "0.25", "10": three significant digits, as the plots' LR axes label them.
[[nodiscard]] std::string formatLrShort(double lr);
/// "0.4321".
[[nodiscard]] std::string formatLoss(double loss);
/// "0.432", "1.9": three significant digits, for the plots' labels.
[[nodiscard]] std::string formatLossShort(double loss);
/// A fraction as a percentage: 0.913 reads "91.3%".
[[nodiscard]] std::string formatPercent(double fraction);
/// "6.50 s", "12.3 s", "2 min 00 s", "1 h 02 min", rounded to the nearest unit shown.
[[nodiscard]] std::string formatDuration(double seconds);
/// "1:05", "75:00": minutes and seconds, rounded to the nearest second, for a running clock.
[[nodiscard]] std::string formatClock(double seconds);

// Each gives kMissing for a value that is not finite, formatDuration and formatClock also for a
// negative one.

} // namespace lrscope::engine
