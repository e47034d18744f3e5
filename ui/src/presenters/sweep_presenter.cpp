#include "presenters/sweep_presenter.h"

#include "details/run_details_panel.h"
#include "plots/sweep_style.h"
#include "plots/sweep_view.h"
#include "worker/live_run.h"

#include "lrscope/storage/storage_error.h"
#include "lrscope/storage/sweep_summary.h"

#include <QStackedWidget>
#include <QTimer>

namespace lrscope::ui {

SweepPresenter::SweepPresenter(RunView view)
    : m_view(std::move(view)), m_refresh(new QTimer(&m_timerOwner)) {
  m_refresh->setSingleShot(true);
  m_refresh->setInterval(200);
  QObject::connect(m_refresh, &QTimer::timeout, &m_timerOwner, [this] { refresh(); });
}

SweepPresenter::~SweepPresenter() = default;

void SweepPresenter::show(const storage::RunCurve& run) {
  m_shownId = run.details.summary.id;
  m_view.details->showRun(run.details);
  m_view.details->showSection(RunDetailsPanel::Section::Sweep);
  m_view.plotStack->setCurrentWidget(m_view.sweepView);
  refresh();
}

void SweepPresenter::hide() {
  m_shownId = 0;
  m_refresh->stop();
}

void SweepPresenter::eventAdded(const storage::RunDetails& shown, qint64, const QString& kind) {
  if (kind == QLatin1String("eliminated") && m_view.live->is(shown.summary.id))
    refreshSoon();
}

void SweepPresenter::sweepUpdated(const storage::RunDetails& shown, const SweepProgress& progress) {
  if (progress.sweepRunId != shown.summary.id)
    return;
  m_view.sweepView->setProgressText(sweepProgressText(progress));
  refreshSoon();
}

void SweepPresenter::refresh() {
  const storage::RunDatabase* database = m_view.database();
  if (m_shownId <= 0 || database == nullptr)
    return;
  try {
    const storage::SweepSummary sweep = storage::loadSweepSummary(*database, m_shownId);
    m_view.sweepView->setSweep(sweep);
    const std::optional<SweepProgress>& progress = m_view.live->sweepProgress();
    if (m_view.live->is(m_shownId) && progress &&
        sweep.run.summary.status == engine::StoredStatus::Running)
      m_view.sweepView->setProgressText(sweepProgressText(*progress));
    m_view.details->showSweep(sweep);
  } catch (const storage::StorageError& error) {
    m_view.report(QString::fromStdString(error.what()));
  }
}

void SweepPresenter::refreshSoon() {
  if (!m_refresh->isActive())
    m_refresh->start();
}

QString sweepProgressText(const SweepProgress& p) {
  return QObject::tr("Racing: rung %1 of %2 · lr %3 · epoch %4 · %5 of %6 learning rates left")
      .arg(p.rung)
      .arg(p.rungs)
      .arg(sweepLrText(p.lr))
      .arg(p.epochsDone + 1)
      .arg(p.survivors)
      .arg(p.candidates);
}

} // namespace lrscope::ui
