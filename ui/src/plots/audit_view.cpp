#include "plots/audit_view.h"

#include "audit_text.h"
#include "number_format.h"
#include "plots/audit_plot.h"
#include "run_labels.h"

#include <QLabel>
#include <QVBoxLayout>

#include <cmath>

namespace lrscope::ui {

AuditView::AuditView(QWidget* parent)
    : QWidget(parent), m_headline(new QLabel), m_plot(new AuditPlot) {
  setObjectName("auditView");
  m_headline->setObjectName("auditHeadline");
  m_headline->setWordWrap(true);
  m_headline->setTextFormat(Qt::RichText);
  m_headline->setContentsMargins(6, 4, 6, 2);
  m_plot->setObjectName("auditPlot");
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  layout->addWidget(m_headline);
  layout->addWidget(m_plot, 1);
}

void AuditView::setAudit(const storage::AuditRun& audit) {
  m_headline->setText(auditHeadline(audit));
  if (audit.record.rangeTests.empty())
    m_plot->clear();
  else
    m_plot->setAudit(audit.record, audit.summary);
}

void AuditView::clear() {
  m_headline->clear();
  m_plot->clear();
}

QString AuditView::headline() const {
  return m_headline->text();
}

QString auditHeadline(const storage::AuditRun& audit) {
  const engine::AuditPlan& plan = audit.record.plan;
  QString text =
      QObject::tr("<b>Audit #%1</b> · %2 on %3 · one-cycle, %4 epoch(s) in batches of %5, %6 "
                  "seed(s), %7 grid points · judged on %8")
          .arg(audit.run.summary.id)
          .arg(QString::fromStdString(audit.record.model).toHtmlEscaped(),
               dataLabel(audit.record.dataset).toHtmlEscaped())
          .arg(plan.epochs)
          .arg(plan.batchSize)
          .arg(plan.seeds)
          .arg(plan.gridPoints)
          .arg(auditMetricName(plan.metric));
  if (audit.run.summary.status != engine::StoredStatus::Completed)
    text += QObject::tr(" · <b>%1</b>").arg(statusText(audit.run.summary.status));
  text += QStringLiteral("<br>") + auditVerdictText(audit.record, audit.summary).toHtmlEscaped() +
          QStringLiteral(" ") + auditCostText(audit.record).toHtmlEscaped();
  return text;
}

} // namespace lrscope::ui
