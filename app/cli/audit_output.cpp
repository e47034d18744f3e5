#include "cli/audit_output.h"

#include "cli/text_report.h"

#include "lrscope/engine/rule_scores.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace lrscope::cli {

nlohmann::ordered_json jsonNumber(double value) {
  return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
}

namespace {

using json = nlohmann::ordered_json;

/// A point's JSON: max_lr, the metric's mean under its own key (the key of one seed), seconds
/// over the seeds, and the metric's mean, standard deviation and every seed's value.
json pointJson(const engine::AuditPoint& point, double seconds, engine::AuditMetric metric) {
  const std::string key = engine::metricKey(metric);
  json values = json::array();
  for (const double value : point.values)
    values.push_back(jsonNumber(value));
  return {{"max_lr", point.maxLr},
          {key, jsonNumber(point.mean)},
          {"seconds", seconds},
          {key + "_mean", jsonNumber(point.mean)},
          {key + "_std", jsonNumber(point.std)},
          {key + "_values", values}};
}

} // namespace

json ruleScoresJson(const std::vector<engine::RuleScore>& scores, engine::AuditMetric metric) {
  const std::string key = engine::metricKey(metric);
  json rules = json::object();
  for (const engine::RuleScore& score : scores) {
    json lrs = json::array();
    json values = json::array();
    for (const double lr : score.lrs)
      lrs.push_back(jsonNumber(lr));
    for (const double value : score.atSuggestion.values)
      values.push_back(jsonNumber(value));
    rules[score.rule] = {{"max_lr", jsonNumber(score.atSuggestion.maxLr)},
                         {"max_lrs", lrs},
                         {key + "_mean", jsonNumber(score.atSuggestion.mean)},
                         {key + "_std", jsonNumber(score.atSuggestion.std)},
                         {key + "_values", values},
                         {"loss_vs_best", jsonNumber(score.lossVsBest)},
                         {"decades_from_best", jsonNumber(score.decadesFromBest)},
                         {"off_grid", score.offGrid},
                         {"within_one_std_of_best", score.withinOneStd}};
  }
  return rules;
}

namespace {

/// Each rule's suggestion as the peak, read off the grid.
std::string rulesTable(const engine::AuditRecord& record, const engine::AuditSummary& summary) {
  const std::vector<engine::RuleScore> scores = engine::scoreRules(record, summary);
  if (scores.empty())
    return "";
  std::ostringstream out;
  out << "each rule's suggestion as the peak, its " << engine::metricKey(summary.metric)
      << " read off the grid (between grid points: interpolated in log LR):\n";
  char line[200];
  std::snprintf(line, sizeof line, "  %-22s %-11s %-24s %-9s %-8s %s\n", "rule", "peak",
                engine::metricKey(summary.metric).c_str(), "vs best", "decades", "within 1 std");
  out << line;
  for (const engine::RuleScore& score : scores) {
    std::string lost = "-";
    if (std::isfinite(score.lossVsBest)) {
      char text[32];
      if (summary.metric == engine::AuditMetric::TestLoss)
        std::snprintf(text, sizeof text, "%+.4f", score.lossVsBest);
      else
        std::snprintf(text, sizeof text, "%+.1f pt", -100.0 * score.lossVsBest + 0.0);
      lost = text;
    }
    const std::string value =
        score.offGrid > 0 && score.atSuggestion.count == 0
            ? "off the grid (" + std::to_string(score.offGrid) + " of " +
                  std::to_string(summary.seeds) + ")"
            : engine::formatAuditPoint(summary.metric, score.atSuggestion, summary.seeds);
    const std::string decades = std::isfinite(score.decadesFromBest)
                                    ? engine::formatGridSteps(score.decadesFromBest)
                                    : std::string("-");
    std::snprintf(line, sizeof line, "  %-22s %-11s %-24s %-9s %-8s %s\n", score.rule.c_str(),
                  formatLr(score.atSuggestion.maxLr).c_str(), value.c_str(), lost.c_str(),
                  decades.c_str(), score.withinOneStd ? "yes" : "no");
    out << line;
  }
  return out.str();
}

} // namespace

json auditJson(const engine::AuditRecord& record, const engine::AuditSummary& summary) {
  json grid = json::array();
  for (std::size_t j = 0; j < summary.grid.size(); ++j) {
    double seconds = 0.0;
    for (const engine::AuditTraining& training : record.trainings)
      if (training.gridIndex == j)
        seconds += training.seconds;
    grid.push_back(pointJson(summary.grid[j], seconds, summary.metric));
  }
  const engine::AuditCost cost = engine::auditCost(record);
  json suggested = pointJson(summary.suggested, cost.suggested, summary.metric);
  json peaks = json::array();
  for (const engine::AuditRangeTest& test : record.rangeTests) {
    double peak = std::nan("");
    for (const engine::AuditTraining& training : record.trainings)
      if (training.seed == test.seed && training.suggested)
        peak = training.maxLr;
    peaks.push_back(jsonNumber(peak));
  }
  suggested["max_lrs"] = peaks;
  suggested["within_one_std_of_best"] = summary.withinOneStd;
  suggested["grid_steps_from_best"] =
      summary.best ? jsonNumber(summary.gridStepsFromBest) : json(nullptr);
  return {{"metric", engine::metricKey(summary.metric)},
          {"seeds", summary.seeds},
          {"suggested", suggested},
          {"range_test_seconds", cost.rangeTests},
          {"grid", grid},
          {"best_max_lr", summary.best ? json(summary.grid[*summary.best].maxLr) : json(nullptr)},
          {"cost_ratio", jsonNumber(cost.ratio())},
          {"rules", ruleScoresJson(engine::scoreRules(record, summary), summary.metric)}};
}

std::string formatAudit(const engine::AuditRecord& record, const engine::AuditSummary& summary) {
  const engine::AuditPlan& plan = record.plan;
  std::ostringstream out;
  out << "Audit: " << record.model << " on " << record.dataset << ", one-cycle for " << plan.epochs
      << " epoch" << (plan.epochs == 1 ? "" : "s") << " in batches of " << plan.batchSize << ", "
      << summary.seeds << " seed" << (summary.seeds == 1 ? "" : "s") << ", judged on "
      << engine::metricTitle(summary.metric) << "\n";
  for (const engine::AuditRangeTest& test : record.rangeTests) {
    out << "range test, seed " << test.seed << ": ";
    if (std::isfinite(test.lower) && std::isfinite(test.upper))
      out << formatLr(test.lower) << " .. " << formatLr(test.upper);
    else
      out << "no range";
    out << " in " << formatDuration(test.seconds);
    if (test.runId > 0)
      out << " (run " << test.runId << ")";
    out << "\n";
  }
  out << "\n";
  char line[200];
  std::snprintf(line, sizeof line, "  %-11s %-22s\n", "max lr",
                summary.seeds > 1 ? (engine::metricKey(summary.metric) + " (mean +- std)").c_str()
                                  : engine::metricKey(summary.metric).c_str());
  out << line;
  for (std::size_t j = 0; j < summary.grid.size(); ++j) {
    const engine::AuditPoint& point = summary.grid[j];
    const std::string note = summary.best == j ? "  <- best of the grid" : "";
    std::snprintf(line, sizeof line, "  %-11s %-22s%s\n", formatLr(point.maxLr).c_str(),
                  engine::formatAuditPoint(summary.metric, point, summary.seeds).c_str(),
                  note.c_str());
    out << line;
  }
  if (std::isfinite(summary.suggested.maxLr)) {
    std::snprintf(
        line, sizeof line, "  %-11s %-22s  <- suggested%s\n",
        formatLr(summary.suggested.maxLr).c_str(),
        engine::formatAuditPoint(summary.metric, summary.suggested, summary.seeds).c_str(),
        summary.seeds > 1 ? " (geometric mean of the seeds' peaks)" : "");
    out << line;
  }
  out << "\n";
  const engine::AuditCost cost = engine::auditCost(record);
  if (std::isfinite(cost.ratio()))
    std::snprintf(line, sizeof line,
                  "cost: range test + suggested training %.1f s = %.2f x the grid's %.1f s (%zu "
                  "trainings a seed; data loading not counted)\n",
                  cost.rangeTests + cost.suggested, cost.ratio(), cost.grid, summary.grid.size());
  else
    std::snprintf(line, sizeof line, "cost: no grid training ended\n");
  out << line << "verdict: " << engine::auditVerdict(record, summary) << "\n";
  const std::string rules = rulesTable(record, summary);
  if (!rules.empty())
    out << "\n" << rules;
  return out.str();
}

} // namespace lrscope::cli
