#include "main_window.h"

#include "lr_curve_plot.h"

#include "lrscope/engine/curve_file.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/suggestion_rules.h"

#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace lrscope::ui {
namespace {

QString lrText(double lr) {
  return QString::number(lr, 'e', 3);
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_plot(new LrCurvePlot), m_suggestions(new QTableWidget(0, 3)),
      m_rangeLabel(new QLabel) {
  setWindowTitle(tr("LR Scope"));
  resize(1200, 720);

  m_suggestions->setHorizontalHeaderLabels({tr("rule"), tr("lr"), tr("loss")});
  m_suggestions->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  m_suggestions->verticalHeader()->setVisible(false);
  m_suggestions->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_rangeLabel->setWordWrap(true);
  m_rangeLabel->setText(tr("Open a curve to see its suggested range."));

  auto* side = new QWidget;
  auto* sideLayout = new QVBoxLayout(side);
  sideLayout->addWidget(new QLabel(tr("<b>Suggested range</b>")));
  sideLayout->addWidget(m_rangeLabel);
  sideLayout->addWidget(new QLabel(tr("<b>Suggestions</b>")));
  sideLayout->addWidget(m_suggestions, 1);

  auto* splitter = new QSplitter;
  splitter->addWidget(m_plot);
  splitter->addWidget(side);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 1);
  setCentralWidget(splitter);
  createMenus();
  statusBar()->showMessage(tr("Ready"));
}

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(tr("&Open curve…"), this, &MainWindow::chooseCurve);
  open->setShortcut(QKeySequence::Open);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::quit);
  quit->setShortcut(QKeySequence::Quit);
  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About LR Scope"), this, &MainWindow::showAbout);
}

void MainWindow::chooseCurve() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open curve"), QString(),
                                                    tr("Curves (*.csv *.json);;All files (*)"));
  if (!path.isEmpty() && !openCurve(path))
    QMessageBox::warning(this, tr("Cannot open curve"), m_errorString);
}

bool MainWindow::openCurve(const QString& path) {
  engine::LrCurve curve;
  try {
    curve = engine::readCurveFile(path.toStdString());
  } catch (const engine::InputError& e) {
    m_errorString = QString::fromStdString(e.what());
    statusBar()->showMessage(m_errorString);
    return false;
  }
  const std::vector<engine::Suggestion> suggestions = engine::suggestAll(curve);
  const engine::LrRangeResult range = engine::LrRangeRule::apply(curve);
  m_plot->showCurve(curve, suggestions, range);

  m_suggestions->setRowCount(static_cast<int>(suggestions.size()));
  for (int row = 0; row < static_cast<int>(suggestions.size()); ++row) {
    const engine::Suggestion& s = suggestions[static_cast<std::size_t>(row)];
    m_suggestions->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(s.rule)));
    m_suggestions->setItem(row, 1, new QTableWidgetItem(lrText(s.lr)));
    m_suggestions->setItem(row, 2, new QTableWidgetItem(QString::number(s.loss, 'f', 4)));
  }
  m_rangeLabel->setText(range.range
                            ? tr("%1 .. %2\n(%3 v%4: start training at the upper bound, "
                                 "decay towards the lower)")
                                  .arg(lrText(range.range->lower), lrText(range.range->upper),
                                       QString::fromStdString(range.range->rule))
                                  .arg(range.range->version)
                            : QString::fromStdString(range.reason));
  setWindowTitle(tr("LR Scope — %1").arg(QFileInfo(path).fileName()));
  statusBar()->showMessage(tr("%1: %2 points").arg(path).arg(curve.lrs.size()));
  return true;
}

void MainWindow::showAbout() {
  QMessageBox::about(this, tr("About LR Scope"),
                     tr("<b>LR Scope %1</b><br>Find and use a neural network's learning rate."
                        "<br><br>Qt %2")
                         .arg(QApplication::applicationVersion(), qVersion()));
}

} // namespace lrscope::ui
