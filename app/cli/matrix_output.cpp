#include "cli/matrix_output.h"

#include "cli/audit_output.h"
#include "cli/text_report.h"

#include "lrscope/engine/run_record.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace lrscope::cli {
namespace {

using json = nlohmann::ordered_json;

/// "completed" or "failed", as a stored run's status reads.
std::string statusText(const engine::MatrixCellResult& cell) {
  return engine::toString(cell.completed ? engine::RunStatus::Completed
                                         : engine::RunStatus::Failed);
}

/// "-1.2" points of accuracy (a loss: "+0.031") against the grid's best, "*" when within one
/// standard deviation; "off" off the grid; "-" without a value.
std::string scoreCell(const engine::MatrixCellResult& cell, const std::string& rule) {
  for (const engine::RuleScore& score : cell.rules) {
    if (score.rule != rule)
      continue;
    if (!std::isfinite(score.lossVsBest))
      return score.offGrid > 0 ? "off" : "-";
    char text[32];
    if (cell.metric == engine::AuditMetric::TestLoss)
      std::snprintf(text, sizeof text, "%+.3f%s", score.lossVsBest + 0.0,
                    score.withinOneStd ? "*" : "");
    else
      std::snprintf(text, sizeof text, "%+.1f%s", -100.0 * score.lossVsBest + 0.0,
                    score.withinOneStd ? "*" : "");
    return text;
  }
  return "-";
}

/// A rule's column head, short enough for the table.
std::string shortRuleName(const std::string& rule) {
  if (rule == engine::kRangeUpperRule)
    return "trained";
  if (rule == engine::kOtherSeedsBestRule)
    return "others";
  if (rule.rfind("lrscope_range_", 0) == 0)
    return "range " + rule.substr(14);
  if (rule == "steepest_index")
    return "st_index";
  if (rule == "steepest_lr")
    return "st_lr";
  return rule;
}

std::string recordsTable(const std::vector<engine::MatrixCellResult>& cells, bool heldOut) {
  const std::vector<engine::RuleRecord> records = engine::tallyRuleRecords(cells, heldOut);
  if (records.empty())
    return "";
  std::vector<std::string> optimizers;
  for (const engine::RuleRecord& record : records)
    if (std::find(optimizers.begin(), optimizers.end(), record.optimizer) == optimizers.end())
      optimizers.push_back(record.optimizer);
  std::ostringstream out;
  out << (heldOut ? "held-out cells" : "calibration cells")
      << ": cells where each rule's suggestion is within one std of the grid's best\n";
  char line[64];
  std::snprintf(line, sizeof line, "  %-22s", "rule");
  out << line;
  for (const std::string& optimizer : optimizers) {
    std::snprintf(line, sizeof line, " %-9s", optimizer.c_str());
    out << line;
  }
  out << "\n";
  for (const std::string& rule : engine::matrixRuleNames(cells)) {
    std::snprintf(line, sizeof line, "  %-22s", rule.c_str());
    out << line;
    for (const std::string& optimizer : optimizers) {
      std::string text = "-";
      for (const engine::RuleRecord& record : records)
        if (record.rule == rule && record.optimizer == optimizer)
          text = std::to_string(record.withinOneStd) + "/" + std::to_string(record.cells);
      std::snprintf(line, sizeof line, " %-9s", text.c_str());
      out << line;
    }
    out << "\n";
  }
  return out.str();
}

std::string csvField(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos)
    return text;
  std::string quoted = "\"";
  for (const char c : text)
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string csvNumber(double value) {
  if (!std::isfinite(value))
    return "";
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

} // namespace

std::string formatMatrix(const std::vector<engine::MatrixCellResult>& cells) {
  const std::vector<std::string> rules = engine::matrixRuleNames(cells);
  std::ostringstream out;
  out << "each rule's test metric against the grid's best (accuracy: points; loss: difference), "
         "* within one std over the seeds; off: off the grid\n";
  char text[96];
  std::snprintf(text, sizeof text, "%-40s %-20s", "cell", "best peak");
  out << text;
  for (const std::string& rule : rules) {
    std::snprintf(text, sizeof text, " %9s", shortRuleName(rule).c_str());
    out << text;
  }
  out << "\n";
  double seconds = 0.0;
  for (const engine::MatrixCellResult& cell : cells) {
    const std::string name = engine::cellName(cell.cell) + (cell.cell.heldOut ? " (held out)" : "");
    seconds += cell.seconds;
    if (!cell.completed) {
      out << name << ": " << cell.message << "\n";
      continue;
    }
    const std::string best = std::isfinite(cell.best.maxLr)
                                 ? formatLr(cell.best.maxLr) + " " +
                                       engine::formatAuditValue(cell.metric, cell.best.mean)
                                 : std::string("none");
    std::snprintf(text, sizeof text, "%-40s %-20s", name.c_str(), best.c_str());
    out << text;
    for (const std::string& rule : rules) {
      std::snprintf(text, sizeof text, " %9s", scoreCell(cell, rule).c_str());
      out << text;
    }
    out << "\n";
  }
  const std::string calibration = recordsTable(cells, false);
  const std::string heldOut = recordsTable(cells, true);
  if (!calibration.empty())
    out << "\n" << calibration;
  if (!heldOut.empty())
    out << "\n" << heldOut;
  std::snprintf(text, sizeof text, "\n%zu cells, %.0f s of range tests and trainings\n",
                cells.size(), seconds);
  out << text;
  return out.str();
}

json ruleRecordsJson(const std::vector<engine::MatrixCellResult>& cells) {
  json records = json::array();
  for (const bool heldOut : {false, true})
    for (const engine::RuleRecord& record : engine::tallyRuleRecords(cells, heldOut))
      records.push_back({{"rule", record.rule},
                         {"optimizer", record.optimizer},
                         {"within_one_std", record.withinOneStd},
                         {"cells", record.cells},
                         {"mean_abs_decades", jsonNumber(record.meanAbsDecades)},
                         {"held_out", heldOut}});
  return records;
}

json matrixJson(const std::vector<engine::MatrixCellResult>& cells) {
  json list = json::array();
  for (const engine::MatrixCellResult& cell : cells) {
    json item = {{"data", cell.cell.data},           {"model", cell.cell.model},
                 {"optimizer", cell.cell.optimizer}, {"held_out", cell.cell.heldOut},
                 {"status", statusText(cell)},       {"message", cell.message},
                 {"resumed", cell.resumed},          {"audit_run_id", cell.auditRunId},
                 {"seconds", cell.seconds}};
    if (cell.completed) {
      item["metric"] = engine::metricKey(cell.metric);
      item["seeds"] = cell.seeds;
      item["best_max_lr"] = jsonNumber(cell.best.maxLr);
      item["best"] = {{"mean", jsonNumber(cell.best.mean)}, {"std", jsonNumber(cell.best.std)}};
      item["rules"] = ruleScoresJson(cell.rules, cell.metric);
    }
    list.push_back(std::move(item));
  }
  return {{"cells", list}, {"records", ruleRecordsJson(cells)}};
}

std::string matrixCsv(const std::vector<engine::MatrixCellResult>& cells) {
  std::ostringstream out;
  out << "data,model,optimizer,held_out,status,metric,seeds,best_max_lr,best_mean,best_std,rule,"
         "max_lr,mean,std,loss_vs_best,decades_from_best,within_one_std,off_grid,audit_run_id,"
         "seconds\n";
  for (const engine::MatrixCellResult& cell : cells) {
    const std::string head = csvField(cell.cell.data) + "," + csvField(cell.cell.model) + "," +
                             csvField(cell.cell.optimizer) + "," +
                             (cell.cell.heldOut ? "true" : "false") + "," + statusText(cell) + ",";
    const std::string tail =
        "," + std::to_string(cell.auditRunId) + "," + csvNumber(cell.seconds) + "\n";
    if (!cell.completed) {
      out << head << ",,,,,,,,,,,," << tail;
      continue;
    }
    for (const engine::RuleScore& score : cell.rules)
      out << head << engine::metricKey(cell.metric) << "," << cell.seeds << ","
          << csvNumber(cell.best.maxLr) << "," << csvNumber(cell.best.mean) << ","
          << csvNumber(cell.best.std) << "," << csvField(score.rule) << ","
          << csvNumber(score.atSuggestion.maxLr) << "," << csvNumber(score.atSuggestion.mean) << ","
          << csvNumber(score.atSuggestion.std) << "," << csvNumber(score.lossVsBest) << ","
          << csvNumber(score.decadesFromBest) << "," << (score.withinOneStd ? "true" : "false")
          << "," << score.offGrid << tail;
  }
  return out.str();
}

} // namespace lrscope::cli
