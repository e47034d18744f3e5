// MainWindow: sweeps ("Sweep around this range", the sweep view in place of the plot tabs, a
// racing sweep followed live) and the details a training run or a sweep shows beyond a range
// test's.
#include "main_window.h"
#include "run_labels.h"

#include "details/run_details_panel.h"
#include "dialogs/sweep_dialog.h"
#include "plots/sweep_style.h"
#include "plots/sweep_view.h"
#include "worker/run_queue.h"

#include "lrscope/storage/storage_error.h"
#include "lrscope/storage/sweep_summary.h"

#include <QAction>
#include <QMenu>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTimer>

#include <memory>

namespace lrscope::ui {

void MainWindow::setUpSweep() {
  // The middle pane holds the plot tabs, or the sweep view while a sweep is selected.
  m_sweepView = new SweepView;
  m_plotStack = new QStackedWidget;
  m_plotStack->setObjectName("plotStack");
  m_splitter->replaceWidget(1, m_plotStack);
  m_plotStack->addWidget(m_plotTabs);
  m_plotStack->addWidget(m_sweepView);
  m_plotStack->setCurrentWidget(m_plotTabs);
  // A racing sweep is read again at most this often, however fast its epochs come.
  m_sweepRefresh = new QTimer(this);
  m_sweepRefresh->setSingleShot(true);
  m_sweepRefresh->setInterval(200);
  connect(m_sweepRefresh, &QTimer::timeout, this, [this] { refreshShownSweep(); });

  m_sweepAction = new QAction(tr("S&weep around this range…"), this);
  m_sweepAction->setObjectName("sweepAroundRange");
  m_sweepAction->setToolTip(tr("Race fixed learning rates around the picked range of the "
                               "selected range test by successive halving"));
  m_sweepAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W));
  m_sweepAction->setEnabled(false);
  connect(m_sweepAction, &QAction::triggered, this, &MainWindow::sweepAroundRange);
  addAction(m_sweepAction); // its shortcut works wherever the focus is
  connect(m_details, &RunDetailsPanel::sweepRequested, this, &MainWindow::sweepAroundRange);
}

void MainWindow::addSweepAction(QMenu* runMenu) {
  runMenu->addAction(m_sweepAction);
  // A range picked or dropped since the selection changed enables or disables it.
  connect(runMenu, &QMenu::aboutToShow, this, &MainWindow::updateSweepAction);
}

void MainWindow::updateSweepAction() {
  m_sweepAction->setEnabled(m_current && m_current->summary.kind == engine::RunKind::RangeTest &&
                            m_current->range.has_value() && m_queue != nullptr);
}

SweepDialog* MainWindow::newSweepDialog() {
  auto* dialog = new SweepDialog(this);
  if (m_current)
    (void)dialog->setSourceRun(*m_current);
  return dialog;
}

void MainWindow::sweepAroundRange() {
  if (m_database == nullptr || m_queue == nullptr) {
    report(tr("Open a database first (File > Open database)."));
    return;
  }
  if (!m_current || m_current->summary.kind != engine::RunKind::RangeTest || !m_current->range) {
    report(tr("Select one range test with a picked range to sweep around it."));
    return;
  }
  std::unique_ptr<SweepDialog> dialog(newSweepDialog());
  if (!dialog->errorString().isEmpty()) {
    report(dialog->errorString());
    return;
  }
  if (dialog->exec() != QDialog::Accepted)
    return;
  if (!startSweep(dialog->config(), dialog->experiment(),
                  tr("sweep around #%1").arg(dialog->sourceRunId())))
    report(m_errorString);
}

bool MainWindow::startSweep(const engine::SweepConfig& config, const QString& experiment,
                            const QString& title) {
  if (m_queue == nullptr) {
    m_errorString = tr("open a database first");
    return false;
  }
  try {
    config.validate();
  } catch (const std::exception& error) {
    m_errorString = QString::fromStdString(error.what());
    return false;
  }
  SweepRequest request;
  request.config = config;
  request.experiment = experimentOrDefault(experiment);
  const QString what = tr("%1 LRs, %2 on %3")
                           .arg(config.candidates)
                           .arg(QString::fromStdString(config.training.model.name),
                                dataLabel(config.training.data.source));
  request.title = title.isEmpty() ? tr("sweep of %1").arg(what) : title + ": " + what;
  m_sweepTickets.insert(m_queue->enqueueSweep(std::move(request)));
  return true;
}

void MainWindow::connectSweep() {
  RunQueue* queue = m_queue.get();
  connect(queue, &RunQueue::sweepProgress, this, &MainWindow::onSweepProgress);
  connect(queue, &RunQueue::eventArrived, this,
          [this](qint64, int, const QString& kind, const QString&) {
            if (kind == "eliminated" && m_sweepView->sweepRunId() == m_liveSweep &&
                !m_sweepRefresh->isActive())
              m_sweepRefresh->start();
          });
  // The training run shown (a live one, or a learning rate of a racing sweep) gains a row.
  connect(queue, &RunQueue::epochArrived, this,
          [this](qint64 runId, const engine::EpochRecord& record) {
            if (m_current && m_current->summary.id == runId &&
                m_current->summary.kind == engine::RunKind::Training)
              m_details->addTrainingEpoch(record);
          });
  const auto ended = [this](int ticket) {
    if (m_sweepTickets.remove(ticket)) {
      m_liveSweep = -1;
      refreshShownSweep(); // a finished sweep that is shown gets its final state
    }
  };
  connect(queue, &RunQueue::runFinished, this,
          [this, ended](qint64, const QString&, const QString&) { ended(m_liveTicket); });
  connect(queue, &RunQueue::runRejected, this,
          [ended](int ticket, const QString&) { ended(ticket); });
}

void MainWindow::onSweepProgress(const SweepProgress& p) {
  m_liveSweep = p.sweepRunId;
  const QString text = tr("Racing: rung %1 of %2 · lr %3 · epoch %4 · %5 of %6 learning rates left")
                           .arg(p.rung)
                           .arg(p.rungs)
                           .arg(sweepLrText(p.lr))
                           .arg(p.epochsDone + 1)
                           .arg(p.survivors)
                           .arg(p.candidates);
  m_sweepProgressText = text;
  if (m_sweepView->sweepRunId() == p.sweepRunId && m_shownRuns.size() == 1) {
    m_sweepView->setProgressText(text);
    if (!m_sweepRefresh->isActive())
      m_sweepRefresh->start();
  }
}

void MainWindow::showRunKind(const storage::RunCurve* single) {
  const engine::RunKind kind = single ? single->details.summary.kind : engine::RunKind::Unknown;
  if (kind == engine::RunKind::Sweep) {
    m_plotStack->setCurrentWidget(m_sweepView);
    refreshShownSweep(single->details.summary.id);
  } else {
    m_plotStack->setCurrentWidget(m_plotTabs);
  }
  if (kind == engine::RunKind::Training) {
    const int64_t id = single->details.summary.id;
    try {
      m_details->showTrainingEpochs(id == m_liveRun ? m_liveEpochs : m_database->loadEpochs(id));
    } catch (const storage::StorageError& error) {
      report(QString::fromStdString(error.what()));
    }
  }
  updateSweepAction();
}

void MainWindow::refreshShownSweep(int64_t sweepRunId) {
  const int64_t id = sweepRunId > 0 ? sweepRunId : m_sweepView->sweepRunId();
  if (id <= 0 || m_database == nullptr)
    return;
  try {
    const storage::SweepSummary sweep = storage::loadSweepSummary(*m_database, id);
    m_sweepView->setSweep(sweep);
    if (id == m_liveSweep && sweep.run.summary.status == engine::StoredStatus::Running)
      m_sweepView->setProgressText(m_sweepProgressText);
    if (m_current && m_current->summary.id == id)
      m_details->showSweep(sweep);
  } catch (const storage::StorageError& error) {
    report(QString::fromStdString(error.what()));
  }
}

SweepView* MainWindow::sweepView() const {
  return m_sweepView;
}

} // namespace lrscope::ui
