#include "lrscope/engine/repeated_range_test.h"

#include "lrscope/engine/suggestion_rules.h"

#include <nlohmann/json.hpp>

namespace lrscope::engine {
namespace {

nlohmann::json spreadJson(const std::optional<RepeatSpread>& spread) {
  if (!spread)
    return nullptr;
  return {{"median", spread->median},
          {"min", spread->min},
          {"max", spread->max},
          {"spread_decades", spread->spreadDecades},
          {"count", spread->count}};
}

bool ranToItsEnd(RunStatus status) {
  return status == RunStatus::Completed || status == RunStatus::Diverged;
}

} // namespace

std::vector<LrCurve> repeatCurves(const std::vector<FindReport>& repeats) {
  std::vector<LrCurve> curves;
  for (const FindReport& repeat : repeats)
    if (!repeat.result.steps.empty())
      curves.push_back(repeat.result.curve());
  return curves;
}

RunStatus overallStatus(const RepeatedRangeTestReport& report) {
  for (const FindReport& repeat : report.repeats)
    if (repeat.result.status == RunStatus::Failed)
      return RunStatus::Failed;
  for (const FindReport& repeat : report.repeats)
    if (!ranToItsEnd(repeat.result.status))
      return repeat.result.status;
  if (static_cast<int>(report.repeats.size()) < report.requestedRepeats())
    return RunStatus::Cancelled; // the repeats that never started
  return RunStatus::Completed;
}

std::string repeatedRangeTestMessage(const RepeatedRangeTestReport& report) {
  for (const FindReport& repeat : report.repeats)
    if (repeat.result.status == RunStatus::Failed)
      return "repeat with seed " + std::to_string(repeat.config.rangeTest.seed) +
             " failed: " + repeat.result.message;
  return std::to_string(report.repeats.size()) + " of " +
         std::to_string(report.requestedRepeats()) + " repeats, " + verdictText(report.summary);
}

nlohmann::json repeatSummaryJson(const RepeatSummary& summary) {
  nlohmann::json rules = nlohmann::json::object();
  for (const RuleSpread& rule : summary.rules)
    rules[rule.rule] = spreadJson(rule.spread);
  nlohmann::json medianRange = nullptr;
  if (summary.medianCurveRange.range)
    medianRange = {{"lower", summary.medianCurveRange.range->lower},
                   {"upper", summary.medianCurveRange.range->upper}};
  nlohmann::json band = nlohmann::json::array();
  for (const BandPoint& point : summary.band)
    band.push_back({{"step", point.step},
                    {"lr", point.lr},
                    {"median", point.median},
                    {"low", point.low},
                    {"high", point.high},
                    {"running", point.running}});
  return {{"repeats", summary.repeats},
          {"range", {{"lower", spreadJson(summary.lower)}, {"upper", spreadJson(summary.upper)}}},
          {"median_curve_range", medianRange},
          {"suggestions", rules},
          {"stable", summary.stable},
          {"verdict", verdictText(summary)},
          {"advice", stabilityAdvice(summary)},
          {"band", band}};
}

} // namespace lrscope::engine
