#include "details/audit_details.h"

#include "audit_text.h"
#include "details/detail_table.h"
#include "number_format.h"

#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace lrscope::ui {
namespace {

/// Rows of the peak LRs' table in view (a 7-point grid and the suggestion); more scroll.
constexpr int kVisibleRows = 8;

} // namespace

AuditDetails::AuditDetails(QWidget* parent)
    : QWidget(parent), m_verdict(new QLabel), m_points(new QTableWidget(0, 6)),
      m_rangeTests(new QTableWidget(0, 3)) {
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

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_verdict);
  layout->addWidget(new QLabel(tr("<b>Peak LRs trained</b>")));
  layout->addWidget(m_points);
  layout->addWidget(new QLabel(tr("<b>Range tests</b>")));
  layout->addWidget(m_rangeTests);
  layout->addStretch(1);
  clear();
}

void AuditDetails::clear() {
  m_verdict->setText(tr("Reading the audit…"));
  m_points->setRowCount(0);
  m_rangeTests->setRowCount(0);
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
  fitDetailTableHeight(m_rangeTests, 4);
}

} // namespace lrscope::ui
