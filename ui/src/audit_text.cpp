#include "audit_text.h"

#include "number_format.h"

#include "lrscope/engine/rule_scores.h"

#include <QObject>
#include <QStringList>

#include <cmath>

namespace lrscope::ui {
namespace {

QString valueText(engine::AuditMetric metric, double value) {
  return QString::fromStdString(engine::formatAuditValue(metric, value));
}

/// "#5, #9": the runs of the audit that trained this grid point, or the suggestion.
QString runsText(const engine::AuditRecord& record, std::optional<std::size_t> gridIndex) {
  QStringList ids;
  for (const engine::AuditTraining& training : record.trainings)
    if (training.runId > 0 && (gridIndex ? training.gridIndex == gridIndex : training.suggested))
      ids << QStringLiteral("#%1").arg(training.runId);
  return ids.join(QStringLiteral(", "));
}

AuditRow row(const storage::AuditRun& audit, const engine::AuditPoint& point,
             std::optional<std::size_t> gridIndex) {
  const engine::AuditMetric metric = audit.record.plan.metric;
  AuditRow out;
  out.lr = lrShortText(point.maxLr);
  out.mean = valueText(metric, point.mean);
  out.std =
      audit.summary.seeds > 1 && point.count > 1 ? valueText(metric, point.std) : missingText();
  QStringList values;
  for (const double value : point.values)
    values << valueText(metric, value);
  out.values = values.join(QStringLiteral(", "));
  out.runs = runsText(audit.record, gridIndex);
  return out;
}

/// The verdict on the trainings that ran.
QString verdictOfTheTrainings(const engine::AuditRecord& record,
                              const engine::AuditSummary& summary) {
  if (engine::auditAwaitsFirstRangeTest(record))
    return QObject::tr("The first seed's range test is not merged yet (its shard is missing), so "
                       "neither is the grid.");
  if (record.gridLrs.empty())
    return QObject::tr("The first range test found no range, so no grid was trained.");
  if (!summary.best)
    return QObject::tr("No grid point has a %1 on every seed (diverged, stopped or no test "
                       "split): nothing to judge.")
        .arg(auditMetricName(summary.metric));
  const engine::AuditPoint& best = summary.grid[*summary.best];
  return (summary.withinOneStd
              ? QObject::tr("The suggestion trains as well as the grid's best (%1): within one "
                            "standard deviation, %2 grid steps from it.")
              : QObject::tr("The suggestion is NOT within one standard deviation of the grid's "
                            "best (%1); it is %2 grid steps from it."))
      .arg(lrShortText(best.maxLr))
      .arg(QString::fromStdString(engine::formatGridSteps(summary.gridStepsFromBest)));
}

} // namespace

QString auditMetricName(engine::AuditMetric metric) {
  return metric == engine::AuditMetric::TestLoss ? QObject::tr("test loss")
                                                 : QObject::tr("test accuracy");
}

QString auditVerdictText(const engine::AuditRecord& record, const engine::AuditSummary& summary) {
  const int missing = engine::auditTrainingsMissing(record);
  if (missing > 0 && summary.seeds > 0)
    return QObject::tr("Incomplete: %n of its trainings never ran. On those that did: ", "",
                       missing) +
           verdictOfTheTrainings(record, summary);
  return verdictOfTheTrainings(record, summary);
}

QString auditCostText(const engine::AuditRecord& record) {
  const engine::AuditCost cost = engine::auditCost(record);
  if (!std::isfinite(cost.ratio()))
    return QObject::tr("No grid training has ended yet.");
  return QObject::tr("%1 × the grid's compute: %2 for the range test and the suggested training, "
                     "%3 for the grid (data loading not counted).")
      .arg(cost.ratio(), 0, 'f', 2)
      .arg(durationText(cost.rangeTests + cost.suggested), durationText(cost.grid));
}

std::vector<AuditRow> auditRows(const storage::AuditRun& audit) {
  const engine::AuditSummary& summary = audit.summary;
  std::vector<AuditRow> rows;
  for (std::size_t j = 0; j < summary.grid.size(); ++j) {
    rows.push_back(row(audit, summary.grid[j], j));
    if (summary.best == j) {
      rows.back().note = QObject::tr("best of the grid");
      rows.back().emphasized = true;
    }
  }
  if (summary.seeds > 0) {
    rows.push_back(row(audit, summary.suggested, std::nullopt));
    rows.back().note = summary.seeds > 1
                           ? QObject::tr("suggested (geometric mean of the seeds' peaks)")
                           : QObject::tr("suggested");
    rows.back().emphasized = true;
  }
  return rows;
}

std::vector<RuleRow> ruleRows(const storage::AuditRun& audit) {
  const engine::AuditMetric metric = audit.record.plan.metric;
  std::vector<RuleRow> rows;
  for (const engine::RuleScore& score : engine::scoreRules(audit.record, audit.summary)) {
    RuleRow row;
    row.rule = QString::fromStdString(score.rule);
    row.lr = lrShortText(score.atSuggestion.maxLr);
    row.metric = score.offGrid > 0 && score.atSuggestion.count == 0
                     ? QObject::tr("off the grid")
                     : QString::fromStdString(engine::formatAuditPoint(metric, score.atSuggestion,
                                                                       audit.summary.seeds));
    row.mean =
        score.offGrid > 0 && score.atSuggestion.count == 0
            ? QObject::tr("off grid")
            : QString::fromStdString(engine::formatAuditValue(metric, score.atSuggestion.mean));
    row.vsBest = !std::isfinite(score.lossVsBest) ? missingText()
                 : metric == engine::AuditMetric::TestLoss
                     ? QString::asprintf("%+.4f", score.lossVsBest)
                     : QString::asprintf("%+.1f pt", -100.0 * score.lossVsBest + 0.0);
    row.decades = std::isfinite(score.decadesFromBest)
                      ? QString::fromStdString(engine::formatGridSteps(score.decadesFromBest))
                      : missingText();
    row.within = score.withinOneStd;
    rows.push_back(row);
  }
  return rows;
}

QString auditRangeText(const engine::AuditRangeTest& test) {
  if (!std::isfinite(test.lower) || !std::isfinite(test.upper))
    return QObject::tr("no range");
  return QStringLiteral("%1 .. %2").arg(lrText(test.lower), lrText(test.upper));
}

} // namespace lrscope::ui
