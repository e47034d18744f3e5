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

std::string formatFindReport(const engine::FindReport& report) {
  const auto& c = report.config;
  const auto& steps = report.result.steps;
  std::ostringstream out;
  out << "LR range test on " << engine::printable(report.datasetName) << ": sample "
      << report.sampleSize << " of " << report.trainSize;
  if (report.validationSize > 0)
    out << ", validation " << report.validationSize;
  out << "\nmodel " << report.modelName << " (" << report.parameterCount << " parameters, "
      << report.layerGroups.size() << " layer groups), optimizer " << toString(c.optimizer.kind)
      << ", batch " << c.rangeTest.batchSize << ", " << toString(c.rangeTest.mode) << " ladder "
      << formatLr(c.rangeTest.startLr) << " .. " << formatLr(c.rangeTest.endLr) << " over "
      << c.rangeTest.iterations << " steps, seed " << c.rangeTest.seed << "\n";
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
