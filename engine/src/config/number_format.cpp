#include "lrscope/engine/number_format.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace lrscope::engine {
namespace {

/// printf's %e, %f or %g in the "C" locale whatever the process's locale (Qt sets the user's).
std::string printed(double value, std::chars_format format, int precision) {
  std::array<char, 64> buffer{};
  const auto [end, error] =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, format, precision);
  return error == std::errc{} ? std::string(buffer.data(), end) : std::string(kMissing);
}

/// `value` with at least two digits: 5 reads "05".
std::string twoDigits(long long value) {
  return (value < 10 ? "0" : "") + std::to_string(value);
}

} // namespace

std::string formatLr(double lr, int significantDigits) {
  if (!std::isfinite(lr))
    return kMissing;
  return printed(lr, std::chars_format::scientific, std::max(significantDigits, 1) - 1);
}

std::string formatLrShort(double lr) {
  if (!std::isfinite(lr))
    return kMissing;
  if (!(lr > 0.0))
    return printed(lr, std::chars_format::general, 3);
  const int decade = static_cast<int>(std::floor(std::log10(lr) + 1e-9));
  if (decade >= -1 && decade <= 1)
    return printed(lr, std::chars_format::general, 3);
  const double mantissa = lr / std::pow(10.0, decade);
  return printed(mantissa, std::chars_format::general, 3) + "e" + std::to_string(decade);
}

std::string formatLoss(double loss) {
  return std::isfinite(loss) ? printed(loss, std::chars_format::fixed, 4) : kMissing;
}

std::string formatLossShort(double loss) {
  return std::isfinite(loss) ? printed(loss, std::chars_format::general, 3) : kMissing;
}

std::string formatPercent(double fraction) {
  return std::isfinite(fraction) ? printed(100.0 * fraction, std::chars_format::fixed, 1) + "%"
                                 : kMissing;
}

std::string formatDuration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0.0)
    return kMissing;
  if (std::round(seconds * 100.0) < 1000.0)
    return printed(seconds, std::chars_format::fixed, 2) + " s";
  if (std::round(seconds * 10.0) < 600.0)
    return printed(seconds, std::chars_format::fixed, 1) + " s";
  const long long whole = std::llround(seconds);
  if (whole < 3600)
    return std::to_string(whole / 60) + " min " + twoDigits(whole % 60) + " s";
  const long long minutes = std::llround(seconds / 60.0);
  return std::to_string(minutes / 60) + " h " + twoDigits(minutes % 60) + " min";
}

std::string formatClock(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0.0)
    return kMissing;
  const long long whole = std::llround(seconds);
  return std::to_string(whole / 60) + ":" + twoDigits(whole % 60);
}

} // namespace lrscope::engine
