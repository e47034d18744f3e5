#include "report/audit_sections.h"

#include "audit_text.h"
#include "number_format.h"
#include "report/report_content.h"

#include <QObject>

namespace lrscope::ui {
namespace {

using Kind = ReportBlock::Kind;

ReportTable pointTable(const storage::AuditRun& audit) {
  ReportTable table;
  table.header = {QObject::tr("Peak LR"), auditMetricName(audit.record.plan.metric),
                  QObject::tr("± std"),   QObject::tr("Each seed"),
                  QObject::tr("Runs"),    QString()};
  table.numberColumns = {0, 1, 2};
  for (const AuditRow& row : auditRows(audit))
    table.rows.push_back({row.lr, row.mean, row.std, row.values, row.runs, row.note});
  return table;
}

ReportTable rangeTestTable(const engine::AuditRecord& record) {
  ReportTable table;
  table.header = {QObject::tr("Seed"), QObject::tr("Range test's range"), QObject::tr("Run"),
                  QObject::tr("Duration")};
  table.numberColumns = {0, 3};
  for (const engine::AuditRangeTest& test : record.rangeTests)
    table.rows.push_back({QString::number(test.seed), auditRangeText(test),
                          test.runId > 0 ? QStringLiteral("#%1").arg(test.runId) : missingText(),
                          durationText(test.seconds)});
  return table;
}

ReportTable ruleTable(const storage::AuditRun& audit) {
  ReportTable table;
  table.header = {QObject::tr("Rule"),    QObject::tr("Peak"),    QObject::tr("On the grid"),
                  QObject::tr("Vs best"), QObject::tr("Decades"), QObject::tr("Within 1 std")};
  table.numberColumns = {1, 2, 3, 4};
  for (const RuleRow& row : ruleRows(audit))
    table.rows.push_back({row.rule, row.lr, row.metric, row.vsBest, row.decades,
                          row.within ? QObject::tr("yes") : QObject::tr("no")});
  return table;
}

} // namespace

void addAuditSections(const ReportRun& run, std::vector<ReportBlock>& blocks) {
  if (!run.audit || run.audit->record.rangeTests.empty()) {
    blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Audit")));
    blocks.push_back(paragraphBlock(QObject::tr("The audit stopped before its first range test.")));
    return;
  }
  const storage::AuditRun& audit = *run.audit;
  const engine::AuditPlan& plan = audit.record.plan;
  blocks.push_back(headingBlock(
      Kind::Subheading, QObject::tr("%1 vs peak learning rate").arg(auditMetricName(plan.metric))));
  ReportFigure figure;
  figure.kind = ReportFigure::Kind::Audit;
  figure.caption =
      QObject::tr("The %1 of one-cycle trainings of %2 epoch(s) at each peak LR of the grid, "
                  "half a decade apart around the first seed's suggestion%3; the grid's best "
                  "starred; the suggested peak dashed, with its own %4; the range tests' range "
                  "shaded.")
          .arg(auditMetricName(plan.metric))
          .arg(plan.epochs)
          .arg(plan.seeds > 1 ? QObject::tr(": the mean over %1 seeds with one standard "
                                            "deviation as an error bar, each seed as a dot")
                                    .arg(plan.seeds)
                              : QString())
          .arg(plan.seeds > 1 ? QObject::tr("mean and error bar") : QObject::tr("value"));
  figure.audit = audit;
  blocks.push_back(figureBlock(std::move(figure)));
  blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Verdict")));
  blocks.push_back(
      paragraphBlock(QStringLiteral("<b>%1</b> %2")
                         .arg(auditVerdictText(audit.record, audit.summary).toHtmlEscaped(),
                              auditCostText(audit.record).toHtmlEscaped())));
  blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Peak LRs trained")));
  blocks.push_back(tableBlock(pointTable(audit)));
  blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Range tests")));
  blocks.push_back(tableBlock(rangeTestTable(audit.record)));
  const ReportTable rules = ruleTable(audit);
  if (!rules.rows.empty()) {
    blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Each rule on the grid")));
    blocks.push_back(tableBlock(rules));
    blocks.push_back(paragraphBlock(
        QObject::tr("Each rule's suggestion on each seed's range test taken as the peak, its %1 "
                    "read off that seed's grid (between grid points interpolated in log LR; off "
                    "the grid, or next to a point that diverged, no value); LR Scope's upper bound "
                    "is scored by its own trainings.")
            .arg(auditMetricName(audit.record.plan.metric)),
        Kind::Note));
  }
}

} // namespace lrscope::ui
