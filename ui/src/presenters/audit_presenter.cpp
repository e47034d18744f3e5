#include "presenters/audit_presenter.h"

#include "details/run_details_panel.h"
#include "plots/audit_view.h"

#include "lrscope/storage/audit_run.h"
#include "lrscope/storage/storage_error.h"

#include <QStackedWidget>

namespace lrscope::ui {

AuditPresenter::AuditPresenter(RunView view) : m_view(std::move(view)) {}

void AuditPresenter::show(const storage::RunCurve& run) {
  m_view.details->showRun(run.details);
  m_view.details->showSection(RunDetailsPanel::Section::Audit);
  m_view.plotStack->setCurrentWidget(m_view.auditView);
  const storage::RunDatabase* database = m_view.database();
  if (database == nullptr)
    return;
  try {
    const storage::AuditRun audit = storage::loadAudit(*database, run.details.summary.id);
    m_view.auditView->setAudit(audit);
    m_view.details->showAudit(audit);
  } catch (const storage::StorageError& error) {
    m_view.auditView->clear();
    m_view.report(QString::fromStdString(error.what()));
  }
}

} // namespace lrscope::ui
