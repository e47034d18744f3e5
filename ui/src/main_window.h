#pragma once

#include "lrscope/engine/find_config.h"
#include "lrscope/engine/lr_events.h"
#include "lrscope/engine/run_record.h"
#include "lrscope/engine/sweep_job.h"
#include "lrscope/engine/training_job.h"
#include "lrscope/storage/run_database.h"

#include <QList>
#include <QMainWindow>
#include <QSet>

#include <filesystem>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

class QAction;
class QDialog;
class QLabel;
class QMenu;
class QMessageBox;
class QProgressBar;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTimer;
class QUndoStack;

namespace lrscope::ui {

class LiveLrPanel;
class LossStepPlot;
class LrCurvePlot;
class LrStepPlot;
class RunBrowser;
class RunDetailsPanel;
class RunQueue;
class SweepDialog;
class SweepView;
class TrainDialog;
class TrendWatch;
struct PlottedRun;
struct SweepProgress;

/// The desktop app's window: the run browser on the left, the plots (loss vs LR, loss vs
/// step, LR vs step) in the middle, the details of the current run on the right. Range tests
/// run on a worker thread (RunQueue) and stream into the plots; every range pick is stored
/// at once and can be undone.
class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  /// Longest curve drawn per run when several are compared: about two points per pixel of a
  /// wide plot; min/max downsampling keeps the spikes.
  static constexpr std::size_t kComparisonPoints = 2000;

  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  /// Opens (or creates) a database; on failure keeps the current one, returns false and sets
  /// errorString().
  bool openDatabase(const QString& path);
  /// Imports a loss-vs-LR curve file as a run and selects it; false and errorString() on
  /// failure.
  bool importCurve(const QString& path);
  /// Reads the runs again and selects these (and so shows them).
  void selectRuns(const QList<qint64>& runIds);
  /// Shows the plot tab named "lr", "loss" or "lr-step"; false for another name.
  bool showPlotTab(const QString& name);
  /// Opens the New range test dialog, prefilled with a data file or folder when given.
  void newRangeTest(const QString& dataSource = QString());
  /// Queues a range test as the dialog does; false and errorString() for a config the engine
  /// refuses (checked before queueing).
  /// perLayerGroup: a per-group range test (one test per layer group) instead.
  bool startRangeTest(const engine::FindConfig& config, const QString& experiment = "default",
                      bool perLayerGroup = false);
  /// The New range test dialog, the Train or Sweep dialog ("train", "sweep": from the current
  /// run) or the About box, opened without blocking (for screenshots).
  QDialog* openDialog(const QString& name);
  /// File > Export report...: the report dialog for the runs selected in the browser, opened
  /// without blocking; null (and a status message) without a database.
  QDialog* openReportDialog();
  /// Opens the Train with this range dialog for the current range test and starts what it
  /// returns.
  void trainWithRange();
  /// Queues a training run as the Train dialog does; false and errorString() for a config the
  /// engine refuses (checked before queueing).
  bool startTraining(const engine::TrainConfig& config, const QString& experiment = "default",
                     const QString& title = {});

  /// Opens the Sweep around this range dialog for the current range test (main_window_sweep.cpp)
  /// and starts what it returns.
  void sweepAroundRange();
  /// Queues a sweep as the Sweep dialog does; false and errorString() for a config the engine
  /// refuses (checked before queueing).
  bool startSweep(const engine::SweepConfig& config, const QString& experiment = "default",
                  const QString& title = {});
  /// What the plot area shows while a sweep is selected.
  [[nodiscard]] SweepView* sweepView() const;

  [[nodiscard]] QString errorString() const { return m_errorString; }
  [[nodiscard]] storage::RunDatabase* database() const { return m_database.get(); }
  [[nodiscard]] RunQueue* runQueue() const { return m_queue.get(); }
  [[nodiscard]] QUndoStack* undoStack() const { return m_undo; }

protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

private:
  // main_window.cpp: layout, showing runs, range edits.
  void showRuns(const QList<qint64>& runIds);
  [[nodiscard]] PlottedRun plottedRun(const storage::RunCurve& curve, int index) const;
  void setPlots(const std::vector<PlottedRun>& runs);
  void editRange(double lower, double upper);
  void moveNearerMarker(double lr);
  void resetRange();
  void rangeApplied(int64_t runId, const std::optional<storage::StoredRange>& range,
                    const QString& error);
  void saveNotes(const QString& notes);
  void saveTags(const QStringList& tags);
  void report(const QString& message);
  void restoreSettings();
  void saveSettings();

  // main_window_menus.cpp: menus and the actions behind them.
  void createMenus();
  void rebuildRecentMenu();
  void chooseDatabase();
  void chooseCurve();
  void exportSelectedRun();
  void deleteSelectedRuns();
  void newExperiment();
  void renameExperiment();
  void deleteExperiment();
  void moveSelectedRuns();
  void showAbout();
  [[nodiscard]] QMessageBox* aboutBox();

  // main_window_runs.cpp: the worker queue and live runs.
  void connectQueue();
  void onRunStarted(int ticket, qint64 runId, int totalSteps, const QString& title);
  void onStepsArrived(qint64 runId, const std::vector<engine::StepRecord>& batch);
  void onProgress(qint64 runId, int stepsDone, int totalSteps, double elapsedSeconds,
                  double remainingSeconds);
  void onRunFinished(qint64 runId, const QString& status, const QString& message);
  void onRunRejected(int ticket, const QString& message);

  // main_window_training.cpp: training runs, the live LR control and the trend watch.
  void setUpTraining();
  void connectTraining();
  [[nodiscard]] TrainDialog* newTrainDialog();
  void onEpochArrived(qint64 runId, const engine::EpochRecord& record);
  void onEventArrived(qint64 runId, int step, const QString& kind, const QString& payloadJson);
  void requestLrChange(engine::LrChange::Kind kind, double value);
  /// Shows the trend watch for one shown training run (null or another kind hides it).
  void showTrendFor(const storage::RunCurve* curve);
  void updateLiveTrend();
  /// Puts each epoch's validation loss on the step that ended it, for the Loss vs step plot.
  void markEpochValidation(const storage::RunCurve& curve, PlottedRun& run) const;

  // main_window_sweep.cpp: sweeps, and the details of training runs and sweeps.
  void setUpSweep();
  /// Adds "Sweep around this range…" to the Run menu.
  void addSweepAction(QMenu* runMenu);
  void connectSweep();
  [[nodiscard]] SweepDialog* newSweepDialog();
  /// Enabled for one selected range test with a picked range.
  void updateSweepAction();
  void onSweepProgress(const SweepProgress& progress);
  /// After the plots and details of the selection were set: the sweep view in place of the plot
  /// tabs for one selected sweep, and the epochs of a training run or the learning rates of a
  /// sweep in the details. single is null unless exactly one run is shown.
  void showRunKind(const storage::RunCurve* single);
  /// Reads the sweep again (0: the one shown) into the sweep view and the details.
  void refreshShownSweep(int64_t sweepRunId = 0);

  // main_window_group.cpp: per-group range tests.
  /// Shows one selected per-group range test: its tests' curves overlaid on the plots, each
  /// labelled by its group, and the groups' ranges and LRs in the details.
  void showGroupRangeTest(const storage::RunCurve& parent);

  std::unique_ptr<storage::RunDatabase> m_database;
  std::unique_ptr<RunQueue> m_queue;
  RunBrowser* m_browser;
  QTabWidget* m_plotTabs;
  LrCurvePlot* m_lrPlot;
  LossStepPlot* m_lossPlot;
  LrStepPlot* m_lrStepPlot;
  RunDetailsPanel* m_details;
  QSplitter* m_splitter;
  QUndoStack* m_undo;
  QProgressBar* m_progress;
  QPushButton* m_cancel;
  QLabel* m_queueLabel;
  QMenu* m_recentMenu = nullptr;
  LiveLrPanel* m_livePanel = nullptr; ///< in the status bar while a training runs
  TrendWatch* m_trendWatch = nullptr; ///< above the details while a training run is shown

  QList<qint64> m_shownRuns;
  std::optional<storage::RunDetails> m_current; ///< when exactly one run is shown
  qint64 m_liveRun = -1;
  /// Every step of the live run as it arrived: showing it again never leaves a gap between
  /// what the database has committed and what the signals have delivered.
  std::vector<engine::StepRecord> m_liveSteps;
  QSet<int> m_trainingTickets;
  int m_liveTicket = 0;        ///< the request prepared last
  bool m_liveTraining = false; ///< the live run is a training run
  std::vector<engine::EpochRecord> m_liveEpochs;
  std::vector<std::size_t> m_liveEpochEnds; ///< steps received when each live epoch ended
  SweepView* m_sweepView = nullptr;
  QStackedWidget* m_plotStack = nullptr; ///< the plot tabs, or the sweep view
  QAction* m_sweepAction = nullptr;
  QSet<int> m_sweepTickets;
  qint64 m_liveSweep = -1; ///< the sweep racing now
  QString m_sweepProgressText;
  QTimer* m_sweepRefresh = nullptr; ///< coalesces the re-reads of a racing sweep
  QString m_errorString;
};

} // namespace lrscope::ui
