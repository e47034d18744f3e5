#pragma once

// How the app and its reports word a repeated range test's spreads and verdict.
#include "lrscope/engine/repeat_summary.h"

#include <QString>

#include <optional>
#include <vector>

namespace lrscope::ui {

/// One line of the spread table: the range's bounds first, then every rule.
struct SpreadRow {
  QString name;                               ///< "range lower", "range upper" or the rule's name
  std::optional<engine::RepeatSpread> spread; ///< nullopt: no repeat gave one
};

[[nodiscard]] std::vector<SpreadRow> spreadRows(const engine::RepeatSummary& summary);

/// "0.12 decades (1.3x)".
[[nodiscard]] QString spreadText(double decades);

/// "3 of 5".
[[nodiscard]] QString countText(const engine::RepeatSpread& spread, int repeats);

/// "<b>Stable</b>: the upper bound varies by ... ." followed, when unstable, by what to try.
[[nodiscard]] QString verdictHtml(const engine::RepeatSummary& summary);

/// "1.2e-3 .. 4.5e-2", or "none (REASON)" for the range rule on the median curve.
[[nodiscard]] QString medianCurveRangeText(const engine::RepeatSummary& summary);

} // namespace lrscope::ui
