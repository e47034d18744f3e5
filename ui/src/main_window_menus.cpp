// MainWindow: menus, shortcuts and the actions behind them.
#include "main_window.h"

#include "browser/run_browser.h"
#include "dialogs/report_dialog.h"
#include "help/getting_started.h"
#include "help/shortcut_list.h"
#include "help/user_guide.h"
#include "plots/epoch_plot.h"
#include "plots/lr_curve_plot.h"
#include "plots/step_plots.h"
#include "worker/engine_info.h"
#include "worker/live_run.h"
#include "worker/run_queue.h"

#include "lrscope/engine/curve_file.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/storage/curve_import.h"
#include "lrscope/storage/run_export.h"
#include "lrscope/storage/storage_error.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QUndoStack>

namespace lrscope::ui {

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* newTest = file->addAction(tr("&New range test…"), this, [this] { newRangeTest(); });
  newTest->setShortcut(QKeySequence::New);
  file->addSeparator();
  file->addAction(tr("&Open database…"), this, &MainWindow::chooseDatabase)
      ->setShortcut(QKeySequence::Open);
  m_recentMenu = file->addMenu(tr("Recent databases"));
  rebuildRecentMenu();
  file->addAction(tr("&Import curve…"), this, &MainWindow::chooseCurve)
      ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
  file->addAction(tr("&Export run data…"), this, &MainWindow::exportSelectedRun)
      ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  file->addAction(tr("Export &report…"), this, &MainWindow::openReportDialog)
      ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
  file->addSeparator();
  file->addAction(tr("&Quit"), this, &QWidget::close)->setShortcut(QKeySequence::Quit);

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  QAction* undo = m_undo->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = m_undo->createRedoAction(this, tr("&Redo"));
  redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence::Redo});
  edit->addAction(undo);
  edit->addAction(redo);
  edit->addSeparator();
  QAction* remove = edit->addAction(tr("&Delete run…"), this, &MainWindow::deleteSelectedRuns);
  remove->setShortcut(QKeySequence::Delete);
  edit->addAction(tr("&Move runs to experiment…"), this, &MainWindow::moveSelectedRuns);
  edit->addSeparator();
  edit->addAction(tr("New e&xperiment…"), this, &MainWindow::newExperiment);
  edit->addAction(tr("Re&name experiment…"), this, &MainWindow::renameExperiment);
  edit->addAction(tr("Delete experimen&t…"), this, &MainWindow::deleteExperiment);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QAction* suggestions = view->addAction(tr("Show &suggestions"));
  suggestions->setCheckable(true);
  suggestions->setChecked(true);
  connect(suggestions, &QAction::toggled, m_lrPlot, &LrCurvePlot::setSuggestionsVisible);
  QAction* snap = view->addAction(tr("Snap markers to the curve"));
  snap->setCheckable(true);
  snap->setChecked(m_lrPlot->snapToCurve());
  connect(snap, &QAction::toggled, m_lrPlot, &LrCurvePlot::setSnapToCurve);
  view->addAction(tr("&Reset view"), this,
                  [this] {
                    m_lrPlot->resetView();
                    m_lossPlot->resetView();
                    m_lrStepPlot->resetView();
                    m_epochPlot->resetView();
                  })
      ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
  QAction* legend = view->addAction(tr("Show &legend"));
  legend->setObjectName("showLegend");
  legend->setCheckable(true);
  legend->setChecked(m_lrPlot->legendShown());
  connect(legend, &QAction::toggled, this, &MainWindow::setLegendsShown);

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  run->addAction(newTest);
  run->addAction(tr("&Train with this range…"), this, &MainWindow::trainWithRange)
      ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
  m_sweepAction =
      run->addAction(tr("S&weep around this range…"), this, &MainWindow::sweepAroundRange);
  m_sweepAction->setObjectName("sweepAroundRange");
  m_sweepAction->setToolTip(tr("Race fixed learning rates around the picked range of the "
                               "selected range test by successive halving"));
  m_sweepAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W));
  m_sweepAction->setEnabled(false);
  addAction(m_sweepAction); // its shortcut works wherever the focus is
  // A range picked or dropped since the selection changed enables or disables it.
  connect(run, &QMenu::aboutToShow, this, &MainWindow::updateSweepAction);
  run->addAction(tr("&Cancel running test"), this,
                 [this] {
                   if (m_queue)
                     m_queue->cancelCurrent();
                 })
      ->setShortcut(QKeySequence(Qt::Key_Escape));
  run->addAction(tr("Cancel &all queued"), this, [this] {
    if (m_queue)
      m_queue->cancelAll();
  });

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&User guide"), this, &MainWindow::showUserGuide)
      ->setShortcut(QKeySequence::HelpContents);
  help->addAction(tr("&Getting started"), this, &MainWindow::showGettingStarted);
  help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
  help->addSeparator();
  help->addAction(tr("&About LR Scope"), this, &MainWindow::showAbout);

  // The browser's context menu offers what applies to runs and experiments.
  connect(m_browser, &RunBrowser::contextMenuRequested, this, [=](const QPoint& position) {
    QMenu menu;
    menu.addAction(newTest);
    menu.addSeparator();
    menu.addAction(tr("Export run data…"), this, &MainWindow::exportSelectedRun);
    menu.addAction(tr("Export report…"), this, &MainWindow::openReportDialog);
    menu.addAction(tr("Move runs to experiment…"), this, &MainWindow::moveSelectedRuns);
    menu.addAction(remove);
    menu.addSeparator();
    menu.addAction(tr("New experiment…"), this, &MainWindow::newExperiment);
    menu.addAction(tr("Rename experiment…"), this, &MainWindow::renameExperiment);
    menu.addAction(tr("Delete experiment…"), this, &MainWindow::deleteExperiment);
    menu.exec(position);
  });
}

void MainWindow::updateSweepAction() {
  if (m_sweepAction == nullptr)
    return;
  m_sweepAction->setEnabled(m_current && engine::isTrainableRangeTest(m_current->summary.kind) &&
                            m_current->range.has_value() && m_queue != nullptr);
}

void MainWindow::rebuildRecentMenu() {
  if (m_recentMenu == nullptr)
    return;
  m_recentMenu->clear();
  const QStringList recent = QSettings().value("recentDatabases").toStringList();
  for (const QString& path : recent)
    m_recentMenu->addAction(path, this, [this, path] {
      if (!openDatabase(path))
        QMessageBox::warning(this, tr("Cannot open database"), m_errorString);
    });
  m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::chooseDatabase() {
  const QString start =
      m_database ? QString::fromStdString(m_database->path().parent_path()) : QString();
  const QString path = QFileDialog::getSaveFileName(this, tr("Open or create a database"), start,
                                                    tr("LR Scope databases (*.db);;All files (*)"),
                                                    nullptr, QFileDialog::DontConfirmOverwrite);
  if (!path.isEmpty() && !openDatabase(path))
    QMessageBox::warning(this, tr("Cannot open database"), m_errorString);
}

bool MainWindow::importCurve(const QString& path) {
  if (m_database == nullptr) {
    m_errorString = tr("open a database first");
    return false;
  }
  try {
    const storage::CurveImport curve = storage::readCurveImport(path.toStdString());
    const int64_t id = storage::importCurve(*m_database, curve,
                                            m_browser->currentExperiment().isEmpty()
                                                ? std::string("default")
                                                : m_browser->currentExperiment().toStdString());
    m_browser->reload();
    m_browser->selectRuns({id});
    report(tr("%1: imported as run #%2 (%3 points, %4)")
               .arg(path)
               .arg(id)
               .arg(curve.curve.lrs.size())
               .arg(QString::fromStdString(engine::curveFormatName(*curve.format))));
    return true;
  } catch (const std::exception& error) { // InputError, StorageError: one line each
    m_errorString = QString::fromStdString(error.what());
    report(m_errorString);
    return false;
  }
}

void MainWindow::chooseCurve() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Import a loss-vs-LR curve"), QString(),
      tr("Curves: CSV with lr and loss, fastai recorder CSV, pytorch-lr-finder history, LR Scope "
         "run export (*.csv *.json *.txt);;All files (*)"));
  if (!path.isEmpty() && !importCurve(path))
    QMessageBox::warning(this, tr("Cannot import curve"), m_errorString);
}

void MainWindow::exportSelectedRun() {
  if (m_database == nullptr || m_shownRuns.size() != 1) {
    report(tr("Select one run to export."));
    return;
  }
  const qint64 id = m_shownRuns.first();
  QString filter;
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Export run #%1").arg(id), QString("run-%1.csv").arg(id),
      tr("CSV, one row per step (*.csv);;JSON, the whole run (*.json)"), &filter);
  if (path.isEmpty())
    return;
  try {
    const storage::RunCurve run = m_database->loadRuns({id}).front();
    if (path.endsWith(".json", Qt::CaseInsensitive))
      storage::exportRunJson(run, m_database->loadEvents(id), m_database->loadEpochs(id),
                             path.toStdString());
    else
      storage::exportRunCsv(run, path.toStdString());
    report(tr("Run #%1 written to %2").arg(id).arg(path));
  } catch (const std::exception& error) {
    QMessageBox::warning(this, tr("Export failed"), QString::fromStdString(error.what()));
  }
}

void MainWindow::deleteSelectedRuns() {
  const QList<qint64> runs = m_browser->selectedRunIds();
  if (m_database == nullptr || runs.isEmpty())
    return;
  QStringList names;
  for (const qint64 id : runs)
    names.append(QString("#%1").arg(id));
  if (QMessageBox::question(this, tr("Delete runs"),
                            tr("Delete %n run(s) (%1) with everything recorded for them? This "
                               "cannot be undone.",
                               nullptr, static_cast<int>(runs.size()))
                                .arg(names.join(", ")),
                            QMessageBox::Yes | QMessageBox::No,
                            QMessageBox::No) != QMessageBox::Yes)
    return;
  try {
    for (const qint64 id : runs) {
      if (m_live->is(id)) {
        report(tr("Run #%1 is still running; cancel it before deleting it.").arg(id));
        continue;
      }
      m_database->deleteRun(id);
    }
  } catch (const storage::StorageError& error) {
    QMessageBox::warning(this, tr("Delete failed"), QString::fromStdString(error.what()));
  }
  m_undo->clear(); // range edits of deleted runs cannot be undone any more
  m_browser->reload();
}

void MainWindow::newExperiment() {
  if (m_database == nullptr)
    return;
  const QString name = QInputDialog::getText(this, tr("New experiment"), tr("Name:"));
  if (name.trimmed().isEmpty())
    return;
  try {
    m_database->createExperiment(name.toStdString());
    m_browser->reload();
  } catch (const storage::StorageError& error) {
    QMessageBox::warning(this, tr("New experiment"), QString::fromStdString(error.what()));
  }
}

void MainWindow::renameExperiment() {
  const qint64 id = m_browser->currentExperimentId();
  if (m_database == nullptr || id < 0) {
    report(tr("Select an experiment (or one of its runs) to rename it."));
    return;
  }
  bool ok = false;
  const QString name =
      QInputDialog::getText(this, tr("Rename experiment"), tr("New name:"), QLineEdit::Normal,
                            m_browser->currentExperiment(), &ok);
  if (!ok)
    return;
  try {
    m_database->renameExperiment(id, name.toStdString());
    m_browser->reload();
  } catch (const storage::StorageError& error) {
    QMessageBox::warning(this, tr("Rename experiment"), QString::fromStdString(error.what()));
  }
}

void MainWindow::deleteExperiment() {
  const qint64 id = m_browser->currentExperimentId();
  if (m_database == nullptr || id < 0) {
    report(tr("Select an experiment to delete it."));
    return;
  }
  if (QMessageBox::question(this, tr("Delete experiment"),
                            tr("Delete experiment '%1' and all its runs? This cannot be undone.")
                                .arg(m_browser->currentExperiment()),
                            QMessageBox::Yes | QMessageBox::No,
                            QMessageBox::No) != QMessageBox::Yes)
    return;
  try {
    m_database->deleteExperiment(id);
    m_undo->clear();
    m_browser->reload();
  } catch (const storage::StorageError& error) {
    QMessageBox::warning(this, tr("Delete experiment"), QString::fromStdString(error.what()));
  }
}

void MainWindow::moveSelectedRuns() {
  const QList<qint64> runs = m_browser->selectedRunIds();
  if (m_database == nullptr || runs.isEmpty()) {
    report(tr("Select the runs to move."));
    return;
  }
  QStringList names;
  for (const storage::ExperimentSummary& experiment : m_database->listExperiments())
    names.append(QString::fromStdString(experiment.name));
  bool ok = false;
  const QString target = QInputDialog::getItem(this, tr("Move runs"),
                                               tr("Move %n run(s) to experiment (type a new name "
                                                  "to create one):",
                                                  nullptr, static_cast<int>(runs.size())),
                                               names, 0, true, &ok);
  if (!ok || target.trimmed().isEmpty())
    return;
  try {
    for (const qint64 id : runs)
      m_database->moveRun(id, target.toStdString());
    m_browser->reload();
  } catch (const storage::StorageError& error) {
    QMessageBox::warning(this, tr("Move runs"), QString::fromStdString(error.what()));
  }
}

QDialog* MainWindow::openReportDialog() {
  if (m_database == nullptr) {
    report(tr("Open a database first."));
    return nullptr;
  }
  auto* dialog = new ReportDialog(*m_database, m_browser->selectedRunIds(), this);
  connect(dialog, &ReportDialog::reportWritten, this, [this](const QString& path, int pages) {
    report(pages > 0 ? tr("Report written to %1 (%n page(s))", nullptr, pages).arg(path)
                     : tr("Report written to %1").arg(path));
  });
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->open();
  return dialog;
}

QMessageBox* MainWindow::aboutBox() {
  auto* box = new QMessageBox(this);
  box->setWindowTitle(tr("About LR Scope"));
  box->setIconPixmap(QApplication::windowIcon().pixmap(64, 64));
  box->setText(
      tr("<b>LR Scope %1</b><br>Find and use a neural network's learning rate.<br><br>"
         "Qt %2 · libtorch %3 · SQLite %4<br>Database: %5")
          .arg(QApplication::applicationVersion(), qVersion(), libtorchVersion(),
               QString::fromStdString(storage::RunDatabase::sqliteVersion()),
               m_database ? QString::fromStdString(m_database->path().string()) : tr("none")));
  return box;
}

void MainWindow::showGettingStarted() {
  auto* box = new QMessageBox(QMessageBox::Information, tr("Getting started"), gettingStartedText(),
                              QMessageBox::Close, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

void MainWindow::showUserGuide() {
  if (m_userGuide == nullptr) {
    m_userGuide = newUserGuideViewer(this);
    m_userGuide->setAttribute(Qt::WA_DeleteOnClose);
  }
  m_userGuide->show();
  m_userGuide->raise();
  m_userGuide->activateWindow();
}

void MainWindow::showShortcuts() {
  QDialog* dialog = newShortcutDialog(*this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->open();
}

void MainWindow::setLegendsShown(bool shown) {
  for (RunPlot* plot :
       std::initializer_list<RunPlot*>{m_lrPlot, m_lossPlot, m_lrStepPlot, m_epochPlot})
    plot->setLegendShown(shown);
  QSettings().setValue("plots/legend", shown);
}

void MainWindow::showAbout() {
  QMessageBox* box = aboutBox();
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

} // namespace lrscope::ui
