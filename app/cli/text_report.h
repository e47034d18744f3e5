#pragma once

#include "lrscope/engine/find_report.h"
#include "lrscope/engine/number_format.h"
#include "lrscope/engine/repeat_summary.h"

#include <string>
#include <vector>

namespace lrscope::cli {

// The engine's number formats, the ones the app and the report print too.
using engine::formatDuration;
using engine::formatLoss;
using engine::formatLr;
using engine::formatPercent;
using engine::kMissing;

/// The table of suggestions (rule, lr, smoothed loss).
[[nodiscard]] std::string formatSuggestionTable(const std::vector<engine::Suggestion>& suggestions);

/// The range and the table of suggestions, as `lrscope suggest` prints them.
[[nodiscard]] std::string formatSuggestions(const std::vector<engine::Suggestion>& suggestions,
                                            const engine::LrRangeResult& range);

/// What repeated range tests say together, as `find --repeats` and `show` print it: the median
/// range with its spread, every rule's median and spread, the median curve's range, the verdict.
[[nodiscard]] std::string formatRepeatSummary(const engine::RepeatSummary& summary);

/// engine::classListText(classNames) and a newline; "" for a regression's data.
[[nodiscard]] std::string classesLine(const std::vector<std::string>& classNames);

/// A run summary, then the range and the suggestions, as `lrscope find` prints them.
[[nodiscard]] std::string formatFindReport(const engine::FindReport& report);

} // namespace lrscope::cli
