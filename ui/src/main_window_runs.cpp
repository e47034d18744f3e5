// MainWindow: launching range tests on the worker queue and following the live run.
#include "main_window.h"
#include "number_format.h"
#include "run_labels.h"

#include "browser/run_browser.h"
#include "details/run_details_panel.h"
#include "dialogs/range_test_dialog.h"
#include "dialogs/sweep_dialog.h"
#include "dialogs/train_dialog.h"
#include "plots/lr_curve_plot.h"
#include "plots/step_plots.h"
#include "worker/run_queue.h"

#include "lrscope/storage/storage_error.h"

#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>

namespace lrscope::ui {

void MainWindow::newRangeTest(const QString& dataSource) {
  if (m_database == nullptr || m_queue == nullptr) {
    report(tr("Open a database first (File > Open database)."));
    return;
  }
  RangeTestDialog dialog(this);
  QStringList experiments;
  for (const storage::ExperimentSummary& experiment : m_database->listExperiments())
    experiments.append(QString::fromStdString(experiment.name));
  const QString current = m_browser->currentExperiment();
  dialog.setExperiments(experiments, current.isEmpty() ? QString("default") : current);
  if (!dataSource.isEmpty())
    dialog.setDataSource(dataSource);
  if (dialog.exec() == QDialog::Accepted)
    (void)startRangeTest(dialog.config(), dialog.experiment(), dialog.perLayerGroup());
}

bool MainWindow::startRangeTest(const engine::FindConfig& config, const QString& experiment,
                                bool perLayerGroup) {
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
  RangeTestRequest request;
  request.config = config;
  request.experiment = experimentOrDefault(experiment);
  request.perLayerGroup = perLayerGroup;
  request.title =
      tr("%1 on %2").arg(QString::fromStdString(config.model.name), dataLabel(config.data.source));
  if (perLayerGroup)
    request.title = tr("per-group test of %1").arg(request.title);
  m_queue->enqueue(std::move(request));
  return true;
}

QDialog* MainWindow::openDialog(const QString& name) {
  QDialog* dialog = nullptr;
  if (name == "new-range-test") {
    auto* rangeTest = new RangeTestDialog(this);
    rangeTest->setExperiments({"default"}, "default");
    dialog = rangeTest;
  } else if (name == "train") {
    dialog = newTrainDialog();
  } else if (name == "sweep") {
    dialog = newSweepDialog();
  } else if (name == "about") {
    dialog = aboutBox();
  } else {
    return nullptr;
  }
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->open();
  return dialog;
}

void MainWindow::connectQueue() {
  RunQueue* queue = m_queue.get();
  connect(queue, &RunQueue::runPreparing, this, [this](int, const QString& title) {
    m_progress->setRange(0, 0); // busy until the first step
    m_progress->setFormat(tr("loading data and model…"));
    m_progress->setToolTip(title);
    m_progress->show();
    m_cancel->show();
    report(tr("Preparing %1").arg(title));
  });
  connect(queue, &RunQueue::runStarted, this, &MainWindow::onRunStarted);
  connect(queue, &RunQueue::stepsArrived, this, &MainWindow::onStepsArrived);
  connect(queue, &RunQueue::progress, this, &MainWindow::onProgress);
  connect(queue, &RunQueue::runFinished, this, &MainWindow::onRunFinished);
  connect(queue, &RunQueue::runRejected, this, &MainWindow::onRunRejected);
  connect(queue, &RunQueue::queueChanged, this, [this](int queued) {
    m_queueLabel->setText(queued > 0 ? tr("%n queued", nullptr, queued) : QString());
  });
  connectTraining();
  connectSweep();
  connect(queue, &RunQueue::idle, this, [this] {
    m_progress->hide();
    m_cancel->hide();
    m_queueLabel->clear();
  });
}

void MainWindow::onRunStarted(int, qint64 runId, int totalSteps, const QString& title) {
  m_liveRun = runId;
  m_liveSteps.clear();
  m_liveSteps.reserve(static_cast<std::size_t>(totalSteps));
  m_progress->setRange(0, totalSteps);
  m_progress->setValue(0);
  m_progress->setFormat(tr("%v / %m steps"));
  m_progress->setToolTip(tr("Run #%1: %2").arg(runId).arg(title));
  m_browser->reload();
  m_browser->selectRuns({runId}); // follow the new run live
  report(tr("Run #%1 started: %2").arg(runId).arg(title));
}

void MainWindow::onStepsArrived(qint64 runId, const std::vector<engine::StepRecord>& batch) {
  if (runId != m_liveRun)
    return;
  m_liveSteps.insert(m_liveSteps.end(), batch.begin(), batch.end());
  if (!m_shownRuns.contains(runId))
    return;
  m_lrPlot->appendSteps(runId, batch);
  m_lossPlot->appendSteps(runId, batch);
  m_lrStepPlot->appendSteps(runId, batch);
}

void MainWindow::onProgress(qint64 runId, int stepsDone, int totalSteps, double elapsedSeconds,
                            double remainingSeconds) {
  if (runId != m_liveRun)
    return;
  m_progress->setMaximum(totalSteps);
  m_progress->setValue(stepsDone);
  m_progress->setFormat(tr("%v / %m steps · %1 elapsed · %2 left")
                            .arg(clockText(elapsedSeconds), clockText(remainingSeconds)));
}

void MainWindow::onRunFinished(qint64 runId, const QString& status, const QString& message) {
  m_browser->reload(); // its status
  // Shown again with suggestions, range and final status; the steps are those streamed (all
  // of them: the last batch comes before runFinished), not read back from the database.
  if (m_shownRuns.contains(runId))
    showRuns(m_shownRuns);
  m_liveRun = -1;
  m_liveSteps.clear();
  report(tr("Run #%1 %2 (%3)").arg(runId).arg(status, message));
}

void MainWindow::onRunRejected(int, const QString& message) {
  report(message);
  if (message != QStringLiteral("cancelled before it started")) {
    // Not modal: the worker goes on with the next request meanwhile.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Range test not started"), message,
                                QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
  }
  m_browser->reload(); // a failed run may have been recorded
}

} // namespace lrscope::ui
