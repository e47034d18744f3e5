// MainWindow: training runs ("Train with this range"), the live LR control and the trend watch.
#include "main_window.h"
#include "number_format.h"
#include "run_labels.h"

#include "browser/run_browser.h"
#include "details/run_details_panel.h"
#include "dialogs/train_dialog.h"
#include "plots/plotted_run.h"
#include "plots/step_plots.h"
#include "training/live_lr_panel.h"
#include "training/trend_watch.h"
#include "worker/run_queue.h"

#include "lrscope/engine/training_job.h"
#include "lrscope/storage/storage_error.h"

#include <QProgressBar>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace lrscope::ui {
namespace {

/// The smoothed losses of the last steps, as many as the trend watch looks at.
std::vector<double> recentSmoothed(const std::vector<engine::StepRecord>& steps) {
  const std::size_t count = std::min<std::size_t>(steps.size(), TrendOptions{}.recentSteps);
  std::vector<double> losses;
  losses.reserve(count);
  for (std::size_t i = steps.size() - count; i < steps.size(); ++i)
    losses.push_back(steps[i].smoothedLoss);
  return losses;
}

} // namespace

void MainWindow::setUpTraining() {
  m_trendWatch = new TrendWatch;
  m_trendWatch->hide();
  // The trend watch sits above the details, in the splitter's third pane.
  auto* column = new QWidget;
  auto* layout = new QVBoxLayout(column);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_trendWatch);
  m_splitter->replaceWidget(2, column);
  layout->addWidget(m_details, 1);

  m_livePanel = new LiveLrPanel;
  m_livePanel->setToolTip(tr("Change the LR of the running training at its next step"));
  statusBar()->insertPermanentWidget(0, m_livePanel);
  m_livePanel->hide();
  connect(m_livePanel, &LiveLrPanel::changeRequested, this, &MainWindow::requestLrChange);
  connect(m_details, &RunDetailsPanel::trainRequested, this, &MainWindow::trainWithRange);
}

TrainDialog* MainWindow::newTrainDialog() {
  auto* dialog = new TrainDialog(this);
  if (m_current && m_database)
    (void)dialog->setSourceRun(*m_current, QString::fromStdString(m_database->path().string()));
  return dialog;
}

void MainWindow::trainWithRange() {
  if (m_database == nullptr || m_queue == nullptr) {
    report(tr("Open a database first (File > Open database)."));
    return;
  }
  if (!m_current ||
      (m_current->summary.kind != "range_test" && m_current->summary.kind != "sweep")) {
    report(tr("Select one range test to train with its range."));
    return;
  }
  std::unique_ptr<TrainDialog> dialog(newTrainDialog());
  if (!dialog->errorString().isEmpty()) {
    report(dialog->errorString());
    return;
  }
  if (dialog->exec() != QDialog::Accepted)
    return;
  if (!startTraining(dialog->config(), dialog->experiment(),
                     tr("training from #%1").arg(dialog->sourceRunId())))
    report(m_errorString);
}

bool MainWindow::startTraining(const engine::TrainConfig& config, const QString& experiment,
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
  TrainingRequest request;
  request.config = config;
  request.experiment = experimentOrDefault(experiment);
  const QString what =
      tr("%1 on %2, %3")
          .arg(QString::fromStdString(config.model.name), dataLabel(config.data.source),
               QString::fromStdString(toString(config.schedule.kind)));
  request.title = title.isEmpty() ? tr("training %1").arg(what) : title + ": " + what;
  m_trainingTickets.insert(m_queue->enqueueTraining(std::move(request)));
  return true;
}

void MainWindow::connectTraining() {
  RunQueue* queue = m_queue.get();
  // Connected after the range test's handlers: these run once those are done.
  connect(queue, &RunQueue::runPreparing, this, [this](int ticket, const QString&) {
    m_liveTraining = m_trainingTickets.contains(ticket);
    m_liveEpochs.clear();
    m_liveEpochEnds.clear();
  });
  connect(queue, &RunQueue::runStarted, this, [this](int ticket, qint64, int, const QString&) {
    if (!m_trainingTickets.contains(ticket))
      return;
    m_livePanel->showMessage(QString(), false);
    m_livePanel->show();
    m_progress->setFormat(tr("%v / %m steps (training)"));
  });
  connect(queue, &RunQueue::stepsArrived, this,
          [this](qint64 runId, const std::vector<engine::StepRecord>& batch) {
            if (!m_liveTraining || runId != m_liveRun || batch.empty())
              return;
            if (!batch.back().groupLrs.empty())
              m_livePanel->setCurrentLr(batch.back().groupLrs.front());
            updateLiveTrend();
          });
  connect(queue, &RunQueue::epochArrived, this, &MainWindow::onEpochArrived);
  connect(queue, &RunQueue::eventArrived, this, &MainWindow::onEventArrived);
  // One run at a time: the run that finishes or is rejected is the one prepared last.
  const auto ended = [this](int ticket) {
    m_trainingTickets.remove(ticket);
    if (!m_liveTraining)
      return;
    m_liveTraining = false;
    m_livePanel->hide();
  };
  connect(queue, &RunQueue::runPreparing, this,
          [this](int ticket, const QString&) { m_liveTicket = ticket; });
  connect(queue, &RunQueue::runFinished, this,
          [this, ended](qint64, const QString&, const QString&) { ended(m_liveTicket); });
  connect(queue, &RunQueue::runRejected, this, [this, ended](int ticket, const QString&) {
    if (ticket == m_liveTicket)
      ended(ticket);
    else
      m_trainingTickets.remove(ticket); // a waiting one, cancelled
  });
}

void MainWindow::onEpochArrived(qint64 runId, const engine::EpochRecord& record) {
  if (runId != m_liveRun)
    return;
  m_liveEpochs.push_back(record);
  m_liveEpochEnds.push_back(m_liveSteps.size()); // the epoch's steps arrived before it
  updateLiveTrend();
  report(tr("Run #%1 epoch %2: train loss %3, validation loss %4 (accuracy %5)")
             .arg(runId)
             .arg(record.epoch + 1)
             .arg(lossText(record.trainLoss), lossText(record.validationLoss),
                  percentText(record.validationAccuracy)));
}

void MainWindow::onEventArrived(qint64 runId, int step, const QString& kind,
                                const QString& payloadJson) {
  if (m_shownRuns.contains(runId)) {
    storage::RunEvent event;
    event.step = step;
    event.kind = kind.toStdString();
    event.payloadJson = payloadJson.toStdString();
    m_lrStepPlot->addEvent(runId, event);
  }
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

void MainWindow::showTrendFor(const storage::RunCurve* curve) {
  if (curve == nullptr || curve->details.summary.kind != "training") {
    m_trendWatch->hide();
    return;
  }
  std::vector<engine::EpochRecord> epochs;
  if (curve->details.summary.id == m_liveRun) {
    epochs = m_liveEpochs;
  } else {
    try {
      epochs = m_database->loadEpochs(curve->details.summary.id);
    } catch (const storage::StorageError& error) {
      report(QString::fromStdString(error.what()));
    }
  }
  m_trendWatch->update(epochs, recentSmoothed(curve->steps));
  m_trendWatch->show();
}

void MainWindow::updateLiveTrend() {
  if (!m_current || m_current->summary.id != m_liveRun || m_current->summary.kind != "training")
    return;
  m_trendWatch->update(m_liveEpochs, recentSmoothed(m_liveSteps));
  m_trendWatch->show();
}

void MainWindow::markEpochValidation(const storage::RunCurve& curve, PlottedRun& run) const {
  if (curve.details.summary.kind != "training" || run.steps.empty())
    return;
  std::vector<engine::EpochRecord> epochs;
  std::vector<std::size_t> ends;
  if (curve.details.summary.id == m_liveRun) {
    epochs = m_liveEpochs;
    ends = m_liveEpochEnds;
  } else {
    try {
      epochs = m_database->loadEpochs(curve.details.summary.id);
    } catch (const storage::StorageError&) {
      return; // decoration
    }
    if (epochs.empty())
      return;
    // Steps per epoch: from the config's sample when it is a count, otherwise from the steps
    // (exact unless the run stopped within an epoch).
    std::size_t perEpoch = run.steps.size() / epochs.size();
    try {
      const engine::TrainConfig config =
          engine::trainConfigFromJson(nlohmann::json::parse(curve.details.configJson));
      if (config.sample.count > 0 && config.batchSize > 0)
        perEpoch = static_cast<std::size_t>(config.sample.count / config.batchSize);
    } catch (const std::exception&) {
      // Keep the estimate from the steps.
    }
    for (const engine::EpochRecord& epoch : epochs)
      ends.push_back(static_cast<std::size_t>(epoch.epoch + 1) * perEpoch);
  }
  // Steps are stored by step number; find the one that ended each epoch.
  for (std::size_t i = 0; i < epochs.size() && i < ends.size(); ++i) {
    const int last = run.steps.front().step + static_cast<int>(ends[i]) - 1;
    const auto at = std::lower_bound(
        run.steps.begin(), run.steps.end(), last,
        [](const engine::StepRecord& step, int wanted) { return step.step < wanted; });
    if (at != run.steps.end() && std::isfinite(epochs[i].validationLoss)) {
      at->validationLoss = epochs[i].validationLoss;
      at->validationAccuracy = epochs[i].validationAccuracy;
    }
  }
}

} // namespace lrscope::ui
