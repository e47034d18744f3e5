#pragma once

// The engine's number formats (lrscope/engine/number_format.h) as QStrings, so that the app
// and the report print numbers exactly as the command line does.
#include "lrscope/engine/number_format.h"

#include <QString>

namespace lrscope::ui {

/// "1.234e-03"; two significant digits give "3.2e-03".
[[nodiscard]] inline QString lrText(double lr, int significantDigits = 4) {
  return QString::fromStdString(engine::formatLr(lr, significantDigits));
}
/// "2.5e-4", "0.25": as the plots' LR axes label them.
[[nodiscard]] inline QString lrShortText(double lr) {
  return QString::fromStdString(engine::formatLrShort(lr));
}
/// "0.4321".
[[nodiscard]] inline QString lossText(double loss) {
  return QString::fromStdString(engine::formatLoss(loss));
}
/// "0.432": for the plots' labels.
[[nodiscard]] inline QString lossShortText(double loss) {
  return QString::fromStdString(engine::formatLossShort(loss));
}
/// A fraction as "91.3%".
[[nodiscard]] inline QString percentText(double fraction) {
  return QString::fromStdString(engine::formatPercent(fraction));
}
/// "6.50 s", "12.3 s", "2 min 00 s", "1 h 02 min".
[[nodiscard]] inline QString durationText(double seconds) {
  return QString::fromStdString(engine::formatDuration(seconds));
}
/// "1:05", for a running clock.
[[nodiscard]] inline QString clockText(double seconds) {
  return QString::fromStdString(engine::formatClock(seconds));
}
/// What a table cell or a text shows for a missing value.
[[nodiscard]] inline QString missingText() {
  return QString::fromUtf8(engine::kMissing);
}

} // namespace lrscope::ui
