// MainWindow: layout, showing the selected runs through their kind's presenter, range edits.
#include "main_window.h"
#include "number_format.h"
#include "run_labels.h"

#include "browser/run_browser.h"
#include "details/run_details_panel.h"
#include "editing/range_edit_command.h"
#include "editing/range_rule_command.h"
#include "help/getting_started.h"
#include "plots/audit_view.h"
#include "plots/epoch_plot.h"
#include "plots/lr_curve_plot.h"
#include "plots/step_plots.h"
#include "plots/sweep_view.h"
#include "presenters/audit_presenter.h"
#include "presenters/comparison.h"
#include "presenters/curve_presenter.h"
#include "presenters/group_range_test_presenter.h"
#include "presenters/plotted_runs.h"
#include "presenters/repeated_range_test_presenter.h"
#include "presenters/sweep_presenter.h"
#include "presenters/training_presenter.h"
#include "training/live_lr_panel.h"
#include "training/trend_watch.h"
#include "worker/live_run.h"
#include "worker/run_queue.h"

#include "lrscope/storage/storage_error.h"
#include "lrscope/storage/suggestions_again.h"

#include <QAction>
#include <QCloseEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QUndoStack>
#include <QVBoxLayout>

#include <cmath>

namespace lrscope::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_live(new LiveRun(this)), m_browser(new RunBrowser),
      m_plotTabs(new QTabWidget), m_lrPlot(new LrCurvePlot), m_lossPlot(new LossStepPlot),
      m_lrStepPlot(new LrStepPlot), m_epochPlot(new EpochPlot), m_sweepView(new SweepView),
      m_auditView(new AuditView), m_plotStack(new QStackedWidget), m_details(new RunDetailsPanel),
      m_trendWatch(new TrendWatch), m_splitter(new QSplitter), m_undo(new QUndoStack(this)),
      m_progress(new QProgressBar), m_cancel(new QPushButton(tr("Cancel"))),
      m_queueLabel(new QLabel), m_livePanel(new LiveLrPanel) {
  setWindowTitle(tr("LR Scope"));
  setAcceptDrops(true);
  resize(1400, 860);

  m_plotTabs->setObjectName("plotTabs");
  m_plotTabs->addTab(m_lrPlot, tr("Loss vs LR"));
  m_plotTabs->addTab(m_lossPlot, tr("Loss vs step"));
  m_plotTabs->addTab(m_lrStepPlot, tr("LR vs step"));
  m_plotTabs->addTab(m_epochPlot, tr("Loss vs epoch"));
  // The middle pane holds the plot tabs, or the sweep's or audit's view while one is selected.
  m_plotStack->setObjectName("plotStack");
  m_plotStack->addWidget(m_plotTabs);
  m_plotStack->addWidget(m_sweepView);
  m_plotStack->addWidget(m_auditView);
  // The trend watch sits above the details, in the splitter's third pane.
  m_trendWatch->hide();
  auto* detailsColumn = new QWidget;
  auto* detailsLayout = new QVBoxLayout(detailsColumn);
  detailsLayout->setContentsMargins(0, 0, 0, 0);
  detailsLayout->addWidget(m_trendWatch);
  detailsLayout->addWidget(m_details, 1);
  m_splitter->setObjectName("mainSplitter");
  m_splitter->addWidget(m_browser);
  m_splitter->addWidget(m_plotStack);
  m_splitter->addWidget(detailsColumn);
  m_splitter->setStretchFactor(0, 2);
  m_splitter->setStretchFactor(1, 5);
  m_splitter->setStretchFactor(2, 2);
  m_splitter->setSizes({430, 570, 400}); // the browser's and comparison's columns fit at 1400 px
  setCentralWidget(m_splitter);

  m_progress->setObjectName("runProgress");
  m_progress->setMinimumWidth(340);
  m_progress->setTextVisible(true);
  m_cancel->setObjectName("cancelRun");
  m_cancel->setToolTip(tr("Stop the running range test (the model is restored)"));
  m_livePanel->setToolTip(tr("Change the LR of the running training at its next step"));
  statusBar()->addPermanentWidget(m_livePanel);
  statusBar()->addPermanentWidget(m_queueLabel);
  statusBar()->addPermanentWidget(m_progress);
  statusBar()->addPermanentWidget(m_cancel);
  m_livePanel->hide();
  m_progress->hide();
  m_cancel->hide();

  m_runView = {m_lrPlot,
               m_lossPlot,
               m_lrStepPlot,
               m_epochPlot,
               m_plotTabs,
               m_sweepView,
               m_auditView,
               m_plotStack,
               m_details,
               m_trendWatch,
               m_live,
               [this] { return m_database.get(); },
               [this](const QString& message) { report(message); }};
  const RunView& view = m_runView;
  m_presenters[engine::RunKind::RangeTest] =
      std::make_unique<CurvePresenter>(view, RunDetailsPanel::Section::RangeTest);
  m_presenters[engine::RunKind::Imported] =
      std::make_unique<CurvePresenter>(view, RunDetailsPanel::Section::Curve);
  m_presenters[engine::RunKind::Training] = std::make_unique<TrainingPresenter>(view);
  m_presenters[engine::RunKind::Sweep] = std::make_unique<SweepPresenter>(view);
  m_presenters[engine::RunKind::GroupRangeTest] = std::make_unique<GroupRangeTestPresenter>(view);
  m_presenters[engine::RunKind::RepeatedRangeTest] =
      std::make_unique<RepeatedRangeTestPresenter>(view);
  m_presenters[engine::RunKind::Audit] = std::make_unique<AuditPresenter>(view);

  connect(m_browser, &RunBrowser::selectionChanged, this, &MainWindow::showRuns);
  connect(m_browser, &RunBrowser::message, this, &MainWindow::report);
  connect(m_lrPlot, &LrCurvePlot::rangeEdited, this, &MainWindow::editRange);
  connect(m_details, &RunDetailsPanel::rangeEdited, this, &MainWindow::editRange);
  connect(m_details, &RunDetailsPanel::suggestionActivated, this, &MainWindow::moveNearerMarker);
  connect(m_details, &RunDetailsPanel::resetRangeRequested, this, &MainWindow::resetRange);
  connect(m_details, &RunDetailsPanel::rangeRuleChosen, this, &MainWindow::chooseRangeRule);
  connect(m_details, &RunDetailsPanel::notesEdited, this, &MainWindow::saveNotes);
  connect(m_details, &RunDetailsPanel::tagsEdited, this, &MainWindow::saveTags);
  connect(m_details, &RunDetailsPanel::trainRequested, this, &MainWindow::trainWithRange);
  connect(m_details, &RunDetailsPanel::sweepRequested, this, &MainWindow::sweepAroundRange);
  connect(m_livePanel, &LiveLrPanel::changeRequested, this, &MainWindow::requestLrChange);
  connect(m_cancel, &QPushButton::clicked, this, [this] {
    if (m_queue)
      m_queue->cancelCurrent();
  });
  connectLiveRun();
  createMenus();
  restoreSettings();
  statusBar()->showMessage(tr("Ready"));
}

MainWindow::~MainWindow() {
  // The worker finishes (cancelled, stored) before the database connection goes away.
  if (m_queue)
    m_queue->shutdown();
}

bool MainWindow::openDatabase(const QString& path) {
  if (m_queue && m_queue->isBusy()) {
    m_errorString = tr("a range test is running; cancel it before opening another database");
    return false;
  }
  std::unique_ptr<storage::RunDatabase> opened;
  try {
    opened = std::make_unique<storage::RunDatabase>(path.toStdString());
  } catch (const storage::StorageError& error) {
    m_errorString = QString::fromStdString(error.what());
    report(m_errorString);
    return false;
  }
  m_undo->clear(); // its commands hold the old connection
  if (m_queue)
    m_queue->shutdown();
  m_browser->setDatabase(nullptr);
  m_database = std::move(opened);
  m_queue = std::make_unique<RunQueue>(m_database->path());
  connectQueue();
  m_browser->setDatabase(m_database.get());
  // The newest run is what a user opening the app most likely wants to see again.
  if (const std::optional<qint64> newest = m_browser->newestRunId())
    m_browser->selectRuns({*newest});
  else
    showRuns({});

  QSettings settings;
  QStringList recent = settings.value("recentDatabases").toStringList();
  const QString absolute = QFileInfo(path).absoluteFilePath();
  recent.removeAll(absolute);
  recent.prepend(absolute);
  settings.setValue("recentDatabases", QStringList(recent.mid(0, 8)));
  rebuildRecentMenu();
  setWindowTitle(tr("LR Scope — %1").arg(QFileInfo(path).fileName()));
  report(tr("%1: %2 runs").arg(absolute).arg(m_browser->visibleRunCount()));
  return true;
}

void MainWindow::selectRuns(const QList<qint64>& runIds) {
  m_browser->reload(); // runs stored since the last look (e.g. by the command line) too
  m_browser->selectRuns(runIds);
}

bool MainWindow::showPlotTab(const QString& name) {
  const QStringList names{"lr", "loss", "lr-step", "epoch"};
  const int index = static_cast<int>(names.indexOf(name));
  if (index < 0)
    return false;
  m_plotTabs->setCurrentIndex(index);
  return true;
}

void MainWindow::showRuns(const QList<qint64>& runIds) {
  m_shownRuns = runIds;
  m_current.reset();
  for (const auto& [kind, presenter] : m_presenters)
    presenter->hide();
  m_plotStack->setCurrentWidget(m_plotTabs);
  m_trendWatch->hide();
  std::vector<storage::RunCurve> curves;
  if (m_database != nullptr && !runIds.isEmpty()) {
    try {
      curves = m_database->loadRuns(std::vector<int64_t>(runIds.begin(), runIds.end()),
                                    runIds.size() == 1 ? 0 : kComparisonPoints);
    } catch (const storage::StorageError& error) {
      report(QString::fromStdString(error.what()));
      return;
    }
  }
  if (curves.size() == 1) {
    m_current = curves.front().details;
    RunPresenter& presenter = presenterFor(m_current->summary.kind);
    if (m_shownKind != m_current->summary.kind)
      if (QWidget* plot = presenter.defaultPlot())
        m_plotTabs->setCurrentWidget(plot);
    m_shownKind = m_current->summary.kind;
    presenter.show(curves.front());
  } else if (curves.empty()) {
    setPlots(m_runView, {});
    m_details->showRun(std::nullopt);
    m_lrPlot->setHint(m_browser->visibleRunCount() == 0
                          ? gettingStartedText()
                          : tr("No run selected.\n\nPick a run on the left, or start one with "
                               "Run > New range test… (Ctrl+N)."));
  } else {
    showComparison(m_runView, curves);
  }
  updateSweepAction();
}

RunPresenter& MainWindow::presenterFor(engine::RunKind kind) {
  const auto found = m_presenters.find(kind);
  return *(found != m_presenters.end() ? found->second
                                       : m_presenters.at(engine::RunKind::Imported));
}

SweepView* MainWindow::sweepView() const {
  return m_sweepView;
}

AuditView* MainWindow::auditView() const {
  return m_auditView;
}

RunPresenter* MainWindow::shownPresenter() const {
  if (!m_current)
    return nullptr;
  const auto found = m_presenters.find(m_current->summary.kind);
  return found != m_presenters.end() ? found->second.get() : nullptr;
}

void MainWindow::editRange(double lower, double upper) {
  if (!m_current || m_database == nullptr)
    return;
  m_undo->push(new RangeEditCommand(*m_database, m_current->summary.id, m_current->range,
                                    storage::RangeBounds{lower, upper},
                                    [this](int64_t id, const auto& range, const QString& error) {
                                      rangeApplied(id, range, error);
                                    }));
}

void MainWindow::moveNearerMarker(double lr) {
  if (!m_current)
    return;
  const std::optional<storage::RangeBounds> now = m_lrPlot->range();
  if (!now) {
    report(tr("This run has no range yet: drag the markers or type a range first."));
    return;
  }
  // The marker nearer in log space moves; the range must stay ordered.
  const bool lowerIsNearer =
      std::abs(std::log(lr / now->lower)) <= std::abs(std::log(lr / now->upper));
  const double lower = lowerIsNearer ? lr : now->lower;
  const double upper = lowerIsNearer ? now->upper : lr;
  if (lower >= upper) {
    report(tr("%1 would cross the other marker; move that one first.").arg(lrText(lr)));
    return;
  }
  editRange(lower, upper);
}

void MainWindow::resetRange() {
  if (!m_current || m_database == nullptr)
    return;
  m_undo->push(new RangeEditCommand(*m_database, m_current->summary.id, m_current->range,
                                    [this](int64_t id, const auto& range, const QString& error) {
                                      rangeApplied(id, range, error);
                                    }));
}

void MainWindow::chooseRangeRule(int version) {
  if (!m_current || m_database == nullptr)
    return;
  const int64_t id = m_current->summary.id;
  storage::SuggestionsFoundAgain found;
  try {
    // Found (or refused) before the command is pushed, so that a refusal keeps the redo history.
    found = storage::findSuggestionsAgain(*m_database, id, version, storage::FindAgainFor::Storing);
  } catch (const std::exception& error) {
    rangeRuleApplied(id, QString::fromStdString(error.what()));
    return;
  }
  m_undo->push(new RangeRuleCommand(
      *m_database, *m_current, found, version,
      [this](int64_t runId, const QString& error) { rangeRuleApplied(runId, error); }));
}

void MainWindow::rangeRuleApplied(int64_t runId, const QString& error) {
  if (!error.isEmpty()) {
    report(error);
    if (m_current && m_current->summary.id == runId)
      m_details->showRange(m_current->range); // the rule box back at the stored version
    QMessageBox::warning(this, tr("Range rule not applied"), error);
    return;
  }
  // The suggestions, the range and their markers all come from the database again.
  if (!m_current || m_current->summary.id != runId) {
    m_browser->selectRuns({runId});
    return;
  }
  showRuns({runId});
  const std::optional<storage::StoredRange>& range = m_current ? m_current->range : std::nullopt;
  report(range ? tr("Run #%1: range %2 .. %3 found again (%4), saved")
                     .arg(runId)
                     .arg(lrText(range->lower), lrText(range->upper),
                          QString::fromStdString(range->rule))
               : tr("Run #%1: the range rule found no range on this curve").arg(runId));
}

void MainWindow::rangeApplied(int64_t runId, const std::optional<storage::StoredRange>& range,
                              const QString& error) {
  if (!error.isEmpty()) {
    report(error);
    QMessageBox::warning(this, tr("Range not saved"), error);
    return;
  }
  if (!m_current || m_current->summary.id != runId) {
    // Undo of a run not shown now: show it, so the user sees what changed.
    m_browser->selectRuns({runId});
    return;
  }
  m_current->range = range;
  m_details->showRange(range);
  m_lrPlot->setRange(range ? std::optional<storage::RangeBounds>({range->lower, range->upper})
                           : std::nullopt);
  report(range ? tr("Run #%1: range %2 .. %3 (%4), saved")
                     .arg(runId)
                     .arg(lrText(range->lower), lrText(range->upper),
                          QString::fromStdString(range->source))
               : tr("Run #%1: no range").arg(runId));
}

void MainWindow::saveNotes(const QString& notes) {
  if (!m_current || m_database == nullptr)
    return;
  try {
    m_database->setNotes(m_current->summary.id, notes.toStdString());
    m_current->summary.notes = notes.toStdString();
    report(tr("Run #%1: notes saved").arg(m_current->summary.id));
  } catch (const storage::StorageError& error) {
    report(QString::fromStdString(error.what()));
  }
}

void MainWindow::saveTags(const QStringList& tags) {
  if (!m_current || m_database == nullptr)
    return;
  std::vector<std::string> names;
  for (const QString& tag : tags)
    names.push_back(tag.toStdString());
  try {
    m_database->setTags(m_current->summary.id, names);
    m_browser->reload();
    report(tr("Run #%1: tags saved").arg(m_current->summary.id));
  } catch (const storage::StorageError& error) {
    report(QString::fromStdString(error.what()));
  }
}

void MainWindow::report(const QString& message) {
  statusBar()->showMessage(message, 8000);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (m_queue && m_queue->isBusy()) {
    const auto answer = QMessageBox::question(
        this, tr("A range test is running"),
        tr("Cancel the running range test and quit? What it recorded so far is kept, "
           "marked cancelled."),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) {
      event->ignore();
      return;
    }
    m_queue->shutdown();
  }
  saveSettings();
  event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls() && event->mimeData()->urls().first().isLocalFile())
    event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QString path = event->mimeData()->urls().first().toLocalFile();
  event->acceptProposedAction();
  newRangeTest(path);
}

void MainWindow::restoreSettings() {
  QSettings settings;
  restoreGeometry(settings.value("window/geometry").toByteArray());
  m_splitter->restoreState(settings.value("window/splitter").toByteArray());
  m_plotTabs->setCurrentIndex(settings.value("window/plotTab", 0).toInt());
  m_browser->restoreColumnState(settings.value("window/browserColumns").toByteArray());
  const bool legend = settings.value("plots/legend", true).toBool();
  if (auto* action = findChild<QAction*>("showLegend"))
    action->setChecked(legend);
  setLegendsShown(legend);
}

void MainWindow::saveSettings() {
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/splitter", m_splitter->saveState());
  settings.setValue("window/plotTab", m_plotTabs->currentIndex());
  settings.setValue("window/browserColumns", m_browser->columnState());
}

} // namespace lrscope::ui
