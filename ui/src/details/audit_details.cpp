#include "details/audit_details.h"

#include "audit_text.h"
#include "details/detail_table.h"
#include "number_format.h"

#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace lrscope::ui {
namespace {

/// Rows of each table in view; more scroll, so that the panel keeps room for the other tables,
/// the notes and the config.
constexpr int kVisibleRows = 5;

} // namespace

AuditDetails::AuditDetails(QWidget* parent)
    : QWidget(parent), m_verdict(new QLabel), m_points(new QTableWidget(0, 6)),
      m_rangeTests(new QTableWidget(0, 3)), m_rules(new QTableWidget(0, 5)) {
  setObjectName("auditDetails");
  m_verdict->setObjectName("auditVerdict");
  m_verdict->setWordWrap(true);
  m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_points->setObjectName("auditPointTable");
  m_points->setHorizontalHeaderLabels(
      {tr("peak lr"), tr("test accuracy"), tr("± std"), tr("each seed"), tr("runs"), QString()});
  m_points->horizontalHeaderItem(0)->setToolTip(
      tr("One-cycle peak LR; the suggestion's is the geometric mean of the seeds' peaks"));
  styleDetailTable(m_points, 5);
  m_rangeTests->setObjectName("auditRangeTestTable");
  m_rangeTests->setHorizontalHeaderLabels({tr("seed"), tr("range test's range"), tr("run")});
  styleDetailTable(m_rangeTests, 1);
  m_rules->setObjectName("auditRuleTable");
  m_rules->setHorizontalHeaderLabels(
      {tr("rule"), tr("peak"), tr("on grid"), tr("vs best"), tr("decades")});
  m_rules->setToolTip(tr("Each rule's suggestion taken as the peak, its metric read off the "
                         "grid (interpolated in log LR); bold: within one standard deviation of "
                         "the best. LR Scope's upper bound is scored by its own trainings."));
  styleDetailTable(m_rules, 0);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_verdict);
  layout->addWidget(new QLabel(tr("<b>Peak LRs trained</b>")));
  layout->addWidget(m_points);
  layout->addWidget(new QLabel(tr("<b>Range tests</b>")));
  layout->addWidget(m_rangeTests);
  layout->addWidget(new QLabel(tr("<b>Each rule on the grid</b>")));
  layout->addWidget(m_rules);
  layout->addStretch(1);
  clear();
}

void AuditDetails::clear() {
  m_verdict->setText(tr("Reading the audit…"));
  m_points->setRowCount(0);
  m_rangeTests->setRowCount(0);
  m_rules->setRowCount(0);
}

QString AuditDetails::verdictText() const {
  return m_verdict->text();
}

void AuditDetails::showAudit(const storage::AuditRun& audit) {
  m_verdict->setText(auditVerdictText(audit.record, audit.summary) + QStringLiteral("\n") +
                     auditCostText(audit.record));
  m_points->horizontalHeaderItem(1)->setText(auditMetricName(audit.record.plan.metric));
  m_points->setRowCount(0);
  for (const AuditRow& point : auditRows(audit)) {
    const int row = m_points->rowCount();
    m_points->insertRow(row);
    const QStringList texts{point.lr, point.mean, point.std, point.values, point.runs, point.note};
    for (int column = 0; column < texts.size(); ++column) {
      QTableWidgetItem* item = detailCell(texts[column], column < 4);
      if (point.emphasized) {
        QFont font = item->font();
        font.setBold(true);
        item->setFont(font);
      }
      m_points->setItem(row, column, item);
    }
  }
  fitDetailTableHeight(m_points, kVisibleRows);

  m_rangeTests->setRowCount(0);
  for (const engine::AuditRangeTest& test : audit.record.rangeTests) {
    const int row = m_rangeTests->rowCount();
    m_rangeTests->insertRow(row);
    m_rangeTests->setItem(row, 0, detailCell(QString::number(test.seed)));
    m_rangeTests->setItem(row, 1, detailCell(auditRangeText(test), false));
    m_rangeTests->setItem(
        row, 2, detailCell(test.runId > 0 ? QStringLiteral("#%1").arg(test.runId) : missingText()));
  }
  fitDetailTableHeight(m_rangeTests, 3);

  m_rules->setRowCount(0);
  for (const RuleRow& rule : ruleRows(audit)) {
    const int row = m_rules->rowCount();
    m_rules->insertRow(row);
    const QStringList texts{rule.rule, rule.lr, rule.mean, rule.vsBest, rule.decades};
    for (int column = 0; column < texts.size(); ++column) {
      QTableWidgetItem* item = detailCell(texts[column], column > 0);
      if (rule.within) {
        QFont font = item->font();
        font.setBold(true);
        item->setFont(font);
      }
      m_rules->setItem(row, column, item);
    }
  }
  fitDetailTableHeight(m_rules, 4);
}

} // namespace lrscope::ui
