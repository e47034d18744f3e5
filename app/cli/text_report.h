#pragma once

#include "lrscope/engine/find_report.h"

#include <string>
#include <vector>

namespace lrscope::cli {

[[nodiscard]] std::string formatLr(double lr);
[[nodiscard]] std::string formatLoss(double loss);
/// A fraction as a percentage with one decimal ("91.3%"), "-" when not a number.
[[nodiscard]] std::string formatPercent(double fraction);

/// The table of suggestions (rule, lr, smoothed loss).
[[nodiscard]] std::string formatSuggestionTable(const std::vector<engine::Suggestion>& suggestions);

/// The range and the table of suggestions, as `lrscope suggest` prints them.
[[nodiscard]] std::string formatSuggestions(const std::vector<engine::Suggestion>& suggestions,
                                            const engine::LrRangeResult& range);

/// A run summary, then the range and the suggestions, as `lrscope find` prints them.
[[nodiscard]] std::string formatFindReport(const engine::FindReport& report);

} // namespace lrscope::cli
