#pragma once

#include "lrscope/engine/find_config.h"
#include "lrscope/engine/lr_events.h"
#include "lrscope/engine/run_record.h"
#include "lrscope/engine/sweep_job.h"
#include "lrscope/engine/training_job.h"
#include "lrscope/storage/run_database.h"
#include "presenters/run_presenter.h"
#include "worker/run_rejection.h"

#include <QList>
#include <QMainWindow>
#include <QPointer>
#include <QSet>

#include <map>
#include <memory>
#include <optional>
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
class QUndoStack;

namespace lrscope::ui {

class LiveLrPanel;
class LiveRun;
class LossStepPlot;
class LrCurvePlot;
class LrStepPlot;
class EpochPlot;
class RunBrowser;
class RunDetailsPanel;
class RunQueue;
class SweepDialog;
class AuditView;
class SweepView;
class TrainDialog;
class TrendWatch;

/// The desktop app's window: the run browser on the left, the plots (loss vs LR, loss vs
/// step, LR vs step; a sweep's own view) in the middle, the details of the current run on the
/// right. It holds layout, menus, settings and wiring: a selected run is shown by the presenter
/// of its kind (presenters/), what the running job streamed lives in LiveRun, and runs go to a
/// worker thread through RunQueue. Every range pick is stored at once and can be undone.
class MainWindow : public QMainWindow {
  Q_OBJECT
public:
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
  /// Shows the plot tab named "lr", "loss", "lr-step" or "epoch"; false for another name.
  bool showPlotTab(const QString& name);
  /// Opens the New range test dialog, prefilled with a data file or folder when given.
  void newRangeTest(const QString& dataSource = QString());
  /// Queues a range test as the dialog does; false and errorString() for a config the engine
  /// refuses (checked before queueing).
  /// perLayerGroup: a per-group range test (one test per layer group) instead.
  bool startRangeTest(const engine::FindConfig& config, const QString& experiment = "default",
                      bool perLayerGroup = false);
  /// The New range test dialog, the Train or Sweep dialog ("train", "sweep": from the current
  /// run), the About box or the keyboard shortcuts ("shortcuts"), opened without blocking (for
  /// screenshots).
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

  /// Opens the Sweep around this range dialog for the current range test and starts what it
  /// returns.
  void sweepAroundRange();
  /// Queues a sweep as the Sweep dialog does; false and errorString() for a config the engine
  /// refuses (checked before queueing).
  bool startSweep(const engine::SweepConfig& config, const QString& experiment = "default",
                  const QString& title = {});
  /// What the plot area shows while a sweep is selected.
  [[nodiscard]] SweepView* sweepView() const;
  [[nodiscard]] AuditView* auditView() const;

  [[nodiscard]] QString errorString() const { return m_errorString; }
  [[nodiscard]] storage::RunDatabase* database() const { return m_database.get(); }
  [[nodiscard]] RunQueue* runQueue() const { return m_queue.get(); }
  [[nodiscard]] QUndoStack* undoStack() const { return m_undo; }

protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

private:
  // main_window.cpp: layout, showing the selected runs, range edits.
  void showRuns(const QList<qint64>& runIds);
  /// The presenter of runs of this kind (main_window.cpp); a kind without its own shows as a
  /// curve.
  [[nodiscard]] RunPresenter& presenterFor(engine::RunKind kind);
  void editRange(double lower, double upper);
  void moveNearerMarker(double lr);
  void resetRange();
  /// Finds the shown run's automatic range again with this version of the range rule (undoable).
  void chooseRangeRule(int version);
  /// After a range rule version was stored or undone: the run shown again from the database.
  void rangeRuleApplied(int64_t runId, const QString& error);
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
  void showGettingStarted();
  void showShortcuts();
  /// Help > User guide: the guide's window beside this one (one, raised when open already).
  void showUserGuide();
  /// View > Show legend: every plot's legend, remembered.
  void setLegendsShown(bool shown);
  /// Enabled for one selected range test with a picked range.
  void updateSweepAction();

  // main_window_runs.cpp: starting runs, and following the live run in the status bar.
  /// Queues a request whose config the engine checks first; false and errorString() when it
  /// refuses.
  template <typename Request> bool enqueueChecked(Request request);
  /// Runs a Train or Sweep dialog made for the current run and starts what it returns, titled
  /// `title` with the source run's id for %1.
  template <typename Dialog, typename Start>
  void execRunDialog(Dialog* dialog, const QString& title, Start start);
  [[nodiscard]] TrainDialog* newTrainDialog();
  [[nodiscard]] SweepDialog* newSweepDialog();
  /// The status bar follows the queue just opened (openDatabase), and m_live its signals.
  void connectQueue();
  /// The window follows m_live (once: m_live outlives every queue).
  void connectLiveRun();
  void onRunPreparing(const QString& title);
  void onRunStarted(engine::RunKind kind, qint64 runId, int totalSteps, const QString& title);
  void onStepsAdded(qint64 runId, const std::vector<engine::StepRecord>& batch);
  void onProgress(qint64 runId, int stepsDone, int totalSteps, double elapsedSeconds,
                  double remainingSeconds);
  void onEpochAdded(qint64 runId, const engine::EpochRecord& record);
  void onEventAdded(qint64 runId, int step, const QString& kind, const QString& payloadJson);
  void onRunFinished(int ticket, engine::RunKind kind, qint64 runId, engine::StoredStatus status,
                     const QString& message);
  void onRunRejected(int ticket, engine::RunKind kind, RunRejection why, const QString& message);
  void requestLrChange(engine::LrChange::Kind kind, double value);
  /// The presenter of the one run shown, when exactly one is.
  [[nodiscard]] RunPresenter* shownPresenter() const;

  std::unique_ptr<storage::RunDatabase> m_database;
  std::unique_ptr<RunQueue> m_queue;
  LiveRun* m_live;
  RunBrowser* m_browser;
  QTabWidget* m_plotTabs;
  LrCurvePlot* m_lrPlot;
  LossStepPlot* m_lossPlot;
  LrStepPlot* m_lrStepPlot;
  EpochPlot* m_epochPlot;
  SweepView* m_sweepView;
  AuditView* m_auditView;
  QStackedWidget* m_plotStack; ///< the plot tabs, the sweep view or the audit view
  RunDetailsPanel* m_details;
  TrendWatch* m_trendWatch; ///< above the details while a training run is shown
  QSplitter* m_splitter;
  QUndoStack* m_undo;
  QProgressBar* m_progress;
  QPushButton* m_cancel;
  QLabel* m_queueLabel;
  LiveLrPanel* m_livePanel; ///< in the status bar while a training runs
  QMenu* m_recentMenu = nullptr;
  QAction* m_sweepAction = nullptr;
  QPointer<QDialog> m_userGuide; ///< the open guide, if any
  RunView m_runView;             ///< what the presenters draw into
  /// One presenter per run kind (Unknown and Imported share the curve's).
  std::map<engine::RunKind, std::unique_ptr<RunPresenter>> m_presenters;

  QList<qint64> m_shownRuns;
  std::optional<storage::RunDetails> m_current; ///< when exactly one run is shown
  /// The kind of run shown last: another kind opens on its own plot (RunPresenter::defaultPlot).
  std::optional<engine::RunKind> m_shownKind;
  QString m_errorString;
};

} // namespace lrscope::ui
