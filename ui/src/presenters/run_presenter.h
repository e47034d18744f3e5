#pragma once

#include "lrscope/engine/run_record.h"
#include "lrscope/storage/run_database.h"

#include <QString>

#include <functional>
#include <vector>

class QStackedWidget;
class QTabWidget;
class QWidget;

namespace lrscope::ui {

class AuditView;
class EpochPlot;
class LiveRun;
class LossStepPlot;
class LrCurvePlot;
class LrStepPlot;
class RunDetailsPanel;
class SweepView;
class TrendWatch;
struct SweepProgress;

/// The window's widgets that presenters draw into and what they read. Borrowed: the window owns
/// all of it and outlives its presenters.
struct RunView {
  LrCurvePlot* lrPlot = nullptr;
  LossStepPlot* lossPlot = nullptr;
  LrStepPlot* lrStepPlot = nullptr;
  EpochPlot* epochPlot = nullptr;
  QTabWidget* plotTabs = nullptr;
  SweepView* sweepView = nullptr;
  AuditView* auditView = nullptr;
  QStackedWidget* plotStack = nullptr; ///< shows plotTabs, sweepView or auditView
  RunDetailsPanel* details = nullptr;
  TrendWatch* trendWatch = nullptr;
  const LiveRun* live = nullptr;
  std::function<storage::RunDatabase*()> database; ///< the open database; null when none
  std::function<void(const QString&)> report;      ///< a message for the status bar
};

/// Shows one selected run of one kind in the plots and the details panel, and follows it while
/// it runs. The window keeps one presenter per run kind (Tiled's editor per document type) and
/// calls nothing but this interface. Before show(), the window has put the plot tabs in front
/// and hidden the trend watch; a presenter changes what its kind needs.
class RunPresenter {
public:
  virtual ~RunPresenter() = default;

  /// Shows `run`, read with all its steps (the live run: as streamed so far).
  virtual void show(const storage::RunCurve& run) = 0;
  /// Another run, or none, is shown now: stop following this one.
  virtual void hide() {}
  /// The plot tab a run of this kind opens on when the run shown before was of another kind;
  /// null: the tab stays (or the presenter shows a view of its own).
  [[nodiscard]] virtual QWidget* defaultPlot() const { return nullptr; }

  // What the live run streamed while `shown`, a run of this presenter's kind, is shown.
  /// After the plots got the batch.
  virtual void stepsAdded(const storage::RunDetails& shown) { (void)shown; }
  /// Steps of `runId`, a child run of the live one (a repeat), while `shown` is shown.
  virtual void childStepsAdded(const storage::RunDetails& shown, qint64 runId,
                               const std::vector<engine::StepRecord>& batch) {
    (void)shown, (void)runId, (void)batch;
  }
  /// An epoch of run `runId`: the live training run, or a racing sweep's learning rate.
  virtual void epochAdded(const storage::RunDetails& shown, qint64 runId,
                          const engine::EpochRecord& record) {
    (void)shown, (void)runId, (void)record;
  }
  /// An event ("lr_change", "eliminated", ...) of run `runId`.
  virtual void eventAdded(const storage::RunDetails& shown, qint64 runId, const QString& kind) {
    (void)shown, (void)runId, (void)kind;
  }
  virtual void sweepUpdated(const storage::RunDetails& shown, const SweepProgress& progress) {
    (void)shown, (void)progress;
  }
};

} // namespace lrscope::ui
