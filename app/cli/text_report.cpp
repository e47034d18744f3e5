#include "cli/text_report.h"

#include "lrscope/engine/message_text.h"

#include <cstdio>
#include <sstream>

namespace lrscope::cli {

std::string formatSuggestions(const std::vector<engine::Suggestion>& suggestions,
                              const engine::LrRangeResult& range) {
  std::ostringstream out;
  if (range.range) {
    const engine::LrRange& r = *range.range;
    out << "Suggested range (" << r.rule << " v" << r.version << "): " << formatLr(r.lower)
        << " .. " << formatLr(r.upper) << "\n"
        << "  start training at " << formatLr(r.upper) << " and decay towards " << formatLr(r.lower)
        << "\n";
  } else {
    out << "No range suggested: " << range.reason << "\n";
  }
  out << "\n" << formatSuggestionTable(suggestions);
  return out.str();
}

std::string formatSuggestionTable(const std::vector<engine::Suggestion>& suggestions) {
  std::ostringstream out;
  out << "Suggestions (rule, lr, smoothed loss there):\n";
  if (suggestions.empty())
    out << "  none: the curve is too short\n";
  for (const engine::Suggestion& s : suggestions) {
    char line[96];
    std::snprintf(line, sizeof line, "  %-15s %s  %s%s\n", s.rule.c_str(), formatLr(s.lr).c_str(),
                  formatLoss(s.loss).c_str(),
                  s.rule == "steepest_lr" ? "  (Lightning's rule; favours tiny LRs)" : "");
    out << line;
  }
  return out.str();
}

std::string formatRepeatSummary(const engine::RepeatSummary& summary) {
  std::ostringstream out;
  char line[128];
  std::snprintf(line, sizeof line, "  %-15s %-10s %-10s %-10s %s\n", "over the repeats", "median",
                "min", "max", "spread");
  out << line;
  auto row = [&](const std::string& name, const std::optional<engine::RepeatSpread>& spread) {
    if (!spread) {
      std::snprintf(line, sizeof line, "  %-15s %s\n", name.c_str(), "no repeat gave one");
    } else {
      std::snprintf(line, sizeof line, "  %-15s %-10s %-10s %-10s %.2f decades (%d)\n",
                    name.c_str(), formatLr(spread->median).c_str(), formatLr(spread->min).c_str(),
                    formatLr(spread->max).c_str(), spread->spreadDecades, spread->count);
    }
    out << line;
  };
  row("range lower", summary.lower);
  row("range upper", summary.upper);
  for (const engine::RuleSpread& rule : summary.rules)
    row(rule.rule, rule.spread);
  out << "\nRange of the median curve: "
      << (summary.medianCurveRange.range
              ? formatLr(summary.medianCurveRange.range->lower) + " .. " +
                    formatLr(summary.medianCurveRange.range->upper)
              : "none (" + summary.medianCurveRange.reason + ")")
      << "\n";
  out << engine::verdictText(summary) << "\n";
  if (const std::string advice = engine::stabilityAdvice(summary); !advice.empty())
    out << "  " << advice << "\n";
  return out.str();
}

std::string classesLine(const std::vector<std::string>& classNames) {
  const std::string text = engine::classListText(classNames);
  return text.empty() ? text : text + "\n";
}

std::string formatFindReport(const engine::FindReport& report) {
  const auto& c = report.config;
  const auto& steps = report.result.steps;
  std::ostringstream out;
  out << "LR range test on " << engine::printable(report.datasetName) << ": sample "
      << report.sampleSize << " of " << report.trainSize;
  if (report.validationSize > 0)
    out << ", validation " << report.validationSize;
  const std::size_t groups = report.layerGroups.size();
  out << "\n"
      << classesLine(report.classNames) << "model " << report.modelName << " ("
      << report.parameterCount << " parameters, " << groups
      << (groups == 1 ? " layer group" : " layer groups")
      << (c.model.frozenGroups.empty() ? ""
                                       : ", frozen: " + engine::commaList(c.model.frozenGroups))
      << "), optimizer " << toString(c.optimizer.kind) << ", batch " << c.rangeTest.batchSize
      << ", " << toString(c.rangeTest.mode) << " ladder " << formatLr(c.rangeTest.startLr) << " .. "
      << formatLr(c.rangeTest.endLr) << " over " << c.rangeTest.iterations << " steps, seed "
      << c.rangeTest.seed << "\n";
  out << "status: " << toString(report.result.status) << " (" << report.result.message << ")\n";
  if (!steps.empty()) {
    char timing[128];
    std::snprintf(
        timing, sizeof timing, "%zu steps in %.2f s (%.2f ms/step), data ready in %.2f s\n",
        steps.size(), report.testSeconds,
        1000.0 * report.testSeconds / static_cast<double>(steps.size()), report.loadSeconds);
    out << timing;
  }
  for (const std::string& warning : report.warnings)
    out << "warning: " << warning << "\n";
  out << "\n" << formatSuggestions(report.suggestions, report.range);
  return out.str();
}

} // namespace lrscope::cli
