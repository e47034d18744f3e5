// MainWindow: starting runs on the worker queue, and following the live run in the status bar
// and, through the shown run's presenter, in the plots and details.
#include "main_window.h"
#include "number_format.h"
#include "run_labels.h"

#include "browser/run_browser.h"
#include "details/run_details_panel.h"
#include "dialogs/range_test_dialog.h"
#include "dialogs/sweep_dialog.h"
#include "dialogs/train_dialog.h"
#include "help/shortcut_list.h"
#include "help/user_guide.h"
#include "plots/lr_curve_plot.h"
#include "plots/step_plots.h"
#include "presenters/comparison.h"
#include "presenters/plotted_runs.h"
#include "presenters/run_presenter.h"
#include "training/live_lr_panel.h"
#include "worker/live_run.h"
#include "worker/run_queue.h"

#include "lrscope/storage/storage_error.h"

#include <nlohmann/json.hpp>

#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>

namespace lrscope::ui {
namespace {

/// "TITLE: WHAT" for a run started from another run, "DEFAULT WHAT" otherwise.
QString requestTitle(const QString& title, const QString& defaultTitle, const QString& what) {
  return title.isEmpty() ? defaultTitle.arg(what) : title + ": " + what;
}

} // namespace

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

template <typename Request> bool MainWindow::enqueueChecked(Request request) {
  if (m_queue == nullptr) {
    m_errorString = tr("open a database first");
    return false;
  }
  try {
    request.config.validate();
  } catch (const std::exception& error) {
    m_errorString = QString::fromStdString(error.what());
    return false;
  }
  m_queue->enqueue(std::move(request));
  return true;
}

bool MainWindow::startRangeTest(const engine::FindConfig& config, const QString& experiment,
                                bool perLayerGroup) {
  const QString what =
      tr("%1 on %2").arg(QString::fromStdString(config.model.name), dataLabel(config.data.source));
  QString title = what;
  if (perLayerGroup)
    title = tr("per-group test of %1").arg(what);
  else if (config.repeats.count > 1)
    title = tr("%1 repeats of %2").arg(config.repeats.count).arg(what);
  return enqueueChecked(
      RangeTestRequest{config, experimentOrDefault(experiment), perLayerGroup, 0, title});
}

bool MainWindow::startTraining(const engine::TrainConfig& config, const QString& experiment,
                               const QString& title) {
  return enqueueChecked(TrainingRequest{
      config, experimentOrDefault(experiment),
      requestTitle(title, tr("training %1"),
                   tr("%1 on %2, %3")
                       .arg(QString::fromStdString(config.model.name),
                            dataLabel(config.data.source),
                            QString::fromStdString(toString(config.schedule.kind))))});
}

bool MainWindow::startSweep(const engine::SweepConfig& config, const QString& experiment,
                            const QString& title) {
  return enqueueChecked(
      SweepRequest{config, experimentOrDefault(experiment),
                   requestTitle(title, tr("sweep of %1"),
                                tr("%1 LRs, %2 on %3")
                                    .arg(config.candidates)
                                    .arg(QString::fromStdString(config.training.model.name),
                                         dataLabel(config.training.data.source)))});
}

template <typename Dialog, typename Start>
void MainWindow::execRunDialog(Dialog* created, const QString& title, Start start) {
  std::unique_ptr<Dialog> dialog(created);
  if (!dialog->errorString().isEmpty()) {
    report(dialog->errorString());
    return;
  }
  if (dialog->exec() != QDialog::Accepted)
    return;
  if (!start(dialog->config(), dialog->experiment(), title.arg(dialog->sourceRunId())))
    report(m_errorString);
}

TrainDialog* MainWindow::newTrainDialog() {
  auto* dialog = new TrainDialog(this);
  if (m_current && m_database)
    (void)dialog->setSourceRun(*m_current, QString::fromStdString(m_database->path().string()));
  return dialog;
}

SweepDialog* MainWindow::newSweepDialog() {
  auto* dialog = new SweepDialog(this);
  if (m_current)
    (void)dialog->setSourceRun(*m_current);
  return dialog;
}

void MainWindow::trainWithRange() {
  if (m_database == nullptr || m_queue == nullptr) {
    report(tr("Open a database first (File > Open database)."));
    return;
  }
  if (!m_current || (!engine::isTrainableRangeTest(m_current->summary.kind) &&
                     m_current->summary.kind != engine::RunKind::Sweep)) {
    report(tr("Select one range test to train with its range."));
    return;
  }
  execRunDialog(newTrainDialog(), tr("training from #%1"),
                [this](const auto& config, const QString& experiment, const QString& title) {
                  return startTraining(config, experiment, title);
                });
}

void MainWindow::sweepAroundRange() {
  if (m_database == nullptr || m_queue == nullptr) {
    report(tr("Open a database first (File > Open database)."));
    return;
  }
  if (!m_current || !engine::isTrainableRangeTest(m_current->summary.kind) || !m_current->range) {
    report(tr("Select one range test with a picked range to sweep around it."));
    return;
  }
  execRunDialog(newSweepDialog(), tr("sweep around #%1"),
                [this](const auto& config, const QString& experiment, const QString& title) {
                  return startSweep(config, experiment, title);
                });
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
  } else if (name == "shortcuts") {
    dialog = newShortcutDialog(*this);
  } else if (name == "guide") {
    dialog = newUserGuideViewer(this);
  } else {
    return nullptr;
  }
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->open();
  return dialog;
}

void MainWindow::connectQueue() {
  m_live->follow(*m_queue);
  RunQueue* queue = m_queue.get();
  connect(queue, &RunQueue::progress, this, &MainWindow::onProgress);
  connect(queue, &RunQueue::queueChanged, this, [this](int queued) {
    m_queueLabel->setText(queued > 0 ? tr("%n queued", nullptr, queued) : QString());
  });
  connect(queue, &RunQueue::idle, this, [this] {
    m_progress->hide();
    m_cancel->hide();
    m_queueLabel->clear();
  });
}

void MainWindow::connectLiveRun() {
  connect(m_live, &LiveRun::runPreparing, this,
          [this](int, engine::RunKind, const QString& title) { onRunPreparing(title); });
  connect(m_live, &LiveRun::runStarted, this,
          [this](int, engine::RunKind kind, qint64 runId, int totalSteps, const QString& title) {
            onRunStarted(kind, runId, totalSteps, title);
          });
  connect(m_live, &LiveRun::stepsAdded, this, &MainWindow::onStepsAdded);
  connect(m_live, &LiveRun::epochAdded, this, &MainWindow::onEpochAdded);
  connect(m_live, &LiveRun::eventAdded, this, &MainWindow::onEventAdded);
  connect(m_live, &LiveRun::sweepUpdated, this, [this](const SweepProgress& progress) {
    if (RunPresenter* presenter = shownPresenter())
      presenter->sweepUpdated(*m_current, progress);
  });
  connect(m_live, &LiveRun::runFinished, this, &MainWindow::onRunFinished);
  connect(m_live, &LiveRun::runRejected, this, &MainWindow::onRunRejected);
}

void MainWindow::onRunPreparing(const QString& title) {
  m_progress->setRange(0, 0); // busy until the first step
  m_progress->setFormat(tr("loading data and model…"));
  m_progress->setToolTip(title);
  m_progress->show();
  m_cancel->show();
  report(tr("Preparing %1").arg(title));
}

void MainWindow::onRunStarted(engine::RunKind kind, qint64 runId, int totalSteps,
                              const QString& title) {
  m_progress->setRange(0, totalSteps);
  m_progress->setValue(0);
  m_progress->setFormat(kind == engine::RunKind::Training ? tr("%v / %m steps (training)")
                                                          : tr("%v / %m steps"));
  m_progress->setToolTip(tr("Run #%1: %2").arg(runId).arg(title));
  if (kind == engine::RunKind::Training) {
    m_livePanel->showMessage(QString(), false);
    m_livePanel->show();
  }
  m_browser->reload();
  m_browser->selectRuns({runId}); // follow the new run live
  report(tr("Run #%1 started: %2").arg(runId).arg(title));
}

void MainWindow::onStepsAdded(qint64 runId, const std::vector<engine::StepRecord>& batch) {
  if (m_live->kind() == engine::RunKind::Training && !batch.empty() &&
      !batch.back().groupLrs.empty())
    m_livePanel->setCurrentLr(batch.back().groupLrs.front());
  RunPresenter* presenter = shownPresenter();
  if (!m_shownRuns.contains(runId)) { // a repeat of the repeated test shown, perhaps
    if (presenter != nullptr)
      presenter->childStepsAdded(*m_current, runId, batch);
    return;
  }
  appendPlotSteps(m_runView, runId, batch);
  if (presenter != nullptr)
    presenter->stepsAdded(*m_current);
}

void MainWindow::onProgress(qint64 runId, int stepsDone, int totalSteps, double elapsedSeconds,
                            double remainingSeconds) {
  if (!m_live->is(runId))
    return;
  m_progress->setMaximum(totalSteps);
  m_progress->setValue(stepsDone);
  m_progress->setFormat(tr("%v / %m steps · %1 elapsed · %2 left")
                            .arg(clockText(elapsedSeconds), clockText(remainingSeconds)));
}

void MainWindow::onEpochAdded(qint64 runId, const engine::EpochRecord& record) {
  if (m_shownRuns.contains(runId)) {
    appendPlotEpoch(m_runView, runId, record);
    if (m_shownRuns.size() > 1)
      addComparedEpoch(m_runView, runId, record);
  }
  if (RunPresenter* presenter = shownPresenter())
    presenter->epochAdded(*m_current, runId, record);
  if (!m_live->is(runId))
    return;
  report(tr("Run #%1 epoch %2: train loss %3, validation loss %4 (accuracy %5)")
             .arg(runId)
             .arg(record.epoch + 1)
             .arg(lossText(record.trainLoss), lossText(record.validationLoss),
                  percentText(record.validationAccuracy)));
}

void MainWindow::onEventAdded(qint64 runId, int step, const QString& kind,
                              const QString& payloadJson) {
  if (m_shownRuns.contains(runId)) {
    storage::RunEvent event;
    event.step = step;
    event.kind = kind.toStdString();
    event.payloadJson = payloadJson.toStdString();
    m_lrStepPlot->addEvent(runId, event);
  }
  if (RunPresenter* presenter = shownPresenter())
    presenter->eventAdded(*m_current, runId, kind);
  if (kind == "lr_change") {
    double lr = 0.0;
    try {
      lr = nlohmann::json::parse(payloadJson.toStdString()).value("lr", 0.0);
    } catch (const std::exception&) {
      // The marker says enough.
    }
    const QString text = tr("LR changed to %1 at step %2").arg(lrText(lr)).arg(step);
    m_livePanel->showMessage(text, false);
    report(tr("Run #%1: %2").arg(runId).arg(text));
  }
}

void MainWindow::onRunFinished(int ticket, engine::RunKind kind, qint64 runId,
                               engine::StoredStatus status, const QString& message) {
  m_browser->reload(); // its status
  // Shown again with suggestions, range and final status; the steps are those streamed (all
  // of them: the last batch comes before runFinished, and m_live keeps them until this returns).
  if (m_shownRuns.contains(runId))
    showRuns(m_shownRuns);
  if (ticket == m_live->ticket() && kind == engine::RunKind::Training)
    m_livePanel->hide();
  report(tr("Run #%1 %2 (%3)").arg(runId).arg(statusText(status), message));
}

void MainWindow::onRunRejected(int ticket, engine::RunKind kind, RunRejection why,
                               const QString& message) {
  report(message);
  if (ticket == m_live->ticket() && kind == engine::RunKind::Training)
    m_livePanel->hide();
  if (why == RunRejection::Refused) {
    // Not modal: the worker goes on with the next request meanwhile.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Range test not started"), message,
                                QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
  }
  m_browser->reload(); // a failed run may have been recorded
}

void MainWindow::requestLrChange(engine::LrChange::Kind kind, double value) {
  if (m_queue == nullptr || !m_queue->changeLearningRate(kind, value)) {
    m_livePanel->showMessage(tr("No training is running"), true);
    return;
  }
  m_livePanel->showMessage(kind == engine::LrChange::Kind::Set
                               ? tr("LR %1 asked for; applied at the next step").arg(lrText(value))
                               : tr("×%1 asked for; applied at the next step").arg(value),
                           false);
}

} // namespace lrscope::ui
