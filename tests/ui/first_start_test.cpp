// What a user sees first (issue 17): the newest run, or the getting-started steps naming menu
// entries that exist; a training run on its loss-vs-step plot; every shortcut listed; browser
// columns that fit the pane and are remembered; a legend that can be hidden for good.
#include "browser/run_browser.h"
#include "help/getting_started.h"
#include "help/shortcut_list.h"
#include "help/user_guide.h"
#include "main_window.h"
#include "plots/loss_step_plot.h"
#include "plots/lr_curve_plot.h"
#include "plots/lr_step_plot.h"
#include "report_fixture.h"
#include "temporary_settings.h"

#include <QAction>
#include <QDialog>
#include <QFile>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTreeView>
#include <QtTest>

namespace lrscope::ui {
namespace {

/// `window`'s menu entry at this path (texts compared without their '&'); null when none.
QAction* menuAction(const QMainWindow& window, const MenuPath& path) {
  for (QAction* menu : window.menuBar()->actions()) {
    if (menu->menu() == nullptr || menu->text().remove('&') != path.menu)
      continue;
    for (QAction* action : menu->menu()->actions())
      if (action->text().remove('&') == path.action)
        return action;
  }
  return nullptr;
}

bool hasMenuEntry(const QMainWindow& window, const MenuPath& path) {
  return menuAction(window, path) != nullptr;
}

QString keysOf(const std::vector<ShortcutRow>& rows, const QString& action) {
  for (const ShortcutRow& row : rows)
    if (row.action == action)
      return row.keys;
  return {};
}

} // namespace

class FirstStartTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    test::keepSettingsIn(m_dir.filePath("settings"));
  }

  void anEmptyDatabaseShowsTheStepsNamingRealMenuEntries() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_dir.filePath("empty.db")));
    QCOMPARE(window.findChild<LrCurvePlot*>()->hint(), gettingStartedText());
    QVERIFY(gettingStartedMenuPaths().size() >= 5);
    for (const MenuPath& path : gettingStartedMenuPaths()) {
      const QString named = path.menu + " > " + path.action;
      QVERIFY2(hasMenuEntry(window, path), qPrintable(named));
      QVERIFY2(gettingStartedText().contains(named), qPrintable(named));
    }
    // Nothing selected: the details say so and offer no range to pick.
    QVERIFY(window.findChild<QLabel*>("runTitle")->text().contains("No run selected"));
    QVERIFY(!window.findChild<QLineEdit*>("rangeLower")->isVisibleTo(&window));
  }

  void opensOnTheNewestRunWithItsExperimentExpanded() {
    const QString file = m_dir.filePath("newest.db");
    int64_t newest = 0;
    {
      storage::RunDatabase db(file.toStdString());
      (void)test::storeRangeTest(db);
      newest = test::storeRangeTest(db); // the same second: the higher id is the newer
      db.moveRun(newest, "second");
    }
    MainWindow window;
    QVERIFY(window.openDatabase(file));
    QCOMPARE(window.findChild<RunBrowser*>()->selectedRunIds(), QList<qint64>{newest});
    QTreeView* tree = window.findChild<RunBrowser*>()->view();
    QVERIFY(tree->isExpanded(tree->currentIndex().parent()));
    QCOMPARE(window.findChild<LrCurvePlot*>()->runCount(), 1);
    QVERIFY(window.findChild<QLineEdit*>("rangeLower")->isVisibleTo(&window));
  }

  void aTrainingRunOpensOnLossVsStepAndARangeTestOnLossVsLr() {
    const QString file = m_dir.filePath("kinds.db");
    int64_t rangeTest = 0;
    {
      storage::RunDatabase db(file.toStdString());
      rangeTest = test::storeRangeTest(db);
      const int64_t training = test::storeTraining(db, 1e-2, 2); // the newest: shown first
      db.finishRun(training, engine::RunStatus::Completed, "trained 2 epochs", 3.0);
    }
    MainWindow window;
    QVERIFY(window.openDatabase(file));
    auto* tabs = window.findChild<QTabWidget*>("plotTabs");
    QCOMPARE(tabs->currentWidget(), window.findChild<LossStepPlot*>());
    // The run list tells the runs apart by their LR: a peak, a picked range.
    const QAbstractItemModel* model = window.findChild<RunBrowser*>()->view()->model();
    const QModelIndex experiment = model->index(0, 0);
    QStringList lrs;
    for (int row = 0; row < model->rowCount(experiment); ++row)
      lrs << model->index(row, 4, experiment).data().toString();
    QCOMPARE(lrs, (QStringList{"peak 1e-2", "2e-4 – 3e-2"}));
    window.selectRuns({rangeTest});
    QCOMPARE(tabs->currentWidget(), window.findChild<LrCurvePlot*>());
    // Within one kind, the tab the user chose stays.
    tabs->setCurrentWidget(window.findChild<LrStepPlot*>());
    window.selectRuns({});
    window.selectRuns({rangeTest});
    QCOMPARE(tabs->currentWidget(), window.findChild<LrStepPlot*>());
  }

  void theShortcutListNamesEveryShortcutOnce() {
    MainWindow window;
    const std::vector<ShortcutRow> rows = shortcutRows(window);
    const QString newTest = QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText);
    QCOMPARE(keysOf(rows, "File > New range test…"), newTest);
    QCOMPARE(keysOf(rows, "Run > Sweep around this range…"), QString("Ctrl+Shift+W"));
    QCOMPARE(keysOf(rows, "Run > Train with this range…"), QString("Ctrl+T"));
    QCOMPARE(keysOf(rows, "View > Reset view"), QString("Ctrl+0"));
    // Ctrl+Shift+Z is given and is also the platform's Redo: listed once.
    const QStringList redo = keysOf(rows, "Edit > Redo").split(", ");
    QCOMPARE(redo.count("Ctrl+Shift+Z"), 1);
    // In File and in Run, and listed once.
    QCOMPARE(std::count_if(rows.begin(), rows.end(),
                           [&](const ShortcutRow& row) { return row.keys == newTest; }),
             1);
  }

  void helpUserGuideShowsTheGuideWithItsPictures() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QAction* guide = menuAction(window, {"Help", "User guide"});
    QVERIFY(guide != nullptr);
    QCOMPARE(guide->shortcut(), QKeySequence(QKeySequence::HelpContents));
    guide->trigger();
    QDialog* viewer = nullptr;
    QTRY_VERIFY((viewer = window.findChild<QDialog*>("userGuide")) != nullptr);
    QVERIFY(viewer->isVisible());
    QCOMPARE(viewer->windowModality(), Qt::NonModal); // read beside the window
    auto* text = viewer->findChild<QTextBrowser*>("userGuideText");
    QVERIFY(text != nullptr);
    QVERIFY2(text->toPlainText().startsWith("LR Scope user guide"),
             qPrintable(text->toPlainText().left(200)));
    QVERIFY(text->toPlainText().contains("A range test on a representative sample"));
    // Its pictures come with it.
    const QVariant picture =
        text->loadResource(QTextDocument::ImageResource, QUrl("images/main-window.png"));
    QImage image;
    QVERIFY(picture.isValid() && image.loadFromData(picture.toByteArray()));
    QCOMPARE(image.size(), QSize(1400, 860));
    // Shown as wide as the viewer allows, not wider (no scrolling sideways).
    QTRY_VERIFY(text->document()->idealWidth() < 900);
    // The reference opens in it, and Back returns.
    auto* back = viewer->findChild<QPushButton*>("userGuideBack");
    QVERIFY(!back->isEnabled());
    text->setSource(QUrl("reference.md"), QTextDocument::MarkdownResource);
    QVERIFY(text->toPlainText().startsWith("LR Scope reference"));
    QVERIFY(back->isEnabled());
    QTest::mouseClick(back, Qt::LeftButton);
    QVERIFY(text->toPlainText().startsWith("LR Scope user guide"));
    // Asked again, the same window comes to the front.
    guide->trigger();
    QCOMPARE(window.findChildren<QDialog*>("userGuide").size(), 1);
    viewer->close();
  }

  void everyPictureTheGuideShowsIsBuiltIn() {
    QFile guide(":/docs/guide.md");
    QVERIFY(guide.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(guide.readAll());
    static const QRegularExpression image(R"(!\[[^\]]*\]\((images/[^)]+)\))");
    int pictures = 0;
    for (auto match = image.globalMatch(text); match.hasNext(); ++pictures) {
      const QString path = ":/docs/" + match.next().captured(1);
      QVERIFY2(QImage(path).width() > 300, qPrintable(path));
    }
    QVERIFY(pictures >= 8);
  }

  void theBrowsersColumnsFitThePaneAndAreRemembered() {
    const QString file = m_dir.filePath("columns.db");
    {
      storage::RunDatabase db(file.toStdString());
      const int64_t id = test::storeRangeTest(db);
      db.setTags(id, {"baseline"});
    }
    constexpr int kData = 2;
    {
      MainWindow window;
      window.resize(1400, 860);
      QVERIFY(window.openDatabase(file));
      window.show();
      QVERIFY(QTest::qWaitForWindowExposed(&window));
      QTreeView* tree = window.findChild<RunBrowser*>()->view();
      QHeaderView* header = tree->header();
      int widths = 0;
      for (int column = 0; column < header->count() - 1; ++column)
        widths += header->sectionSize(column);
      QVERIFY2(widths <= tree->viewport()->width(),
               qPrintable(QString("%1 > %2").arg(widths).arg(tree->viewport()->width())));
      header->resizeSection(kData, 151);
      header->moveSection(header->visualIndex(kData), 0);
      QVERIFY(window.close()); // saves the settings
    }
    MainWindow window;
    QVERIFY(window.openDatabase(file));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QHeaderView* header = window.findChild<RunBrowser*>()->view()->header();
    QCOMPARE(header->sectionSize(kData), 151);
    QCOMPARE(header->visualIndex(kData), 0);
  }

  void theLegendCanBeHiddenAndStaysHidden() {
    {
      MainWindow window;
      auto* show = window.findChild<QAction*>("showLegend");
      QVERIFY(show->isChecked());
      show->setChecked(false);
      QVERIFY(!window.findChild<LrCurvePlot*>()->legendShown());
      QVERIFY(!window.findChild<LossStepPlot*>()->legendShown());
    }
    MainWindow window;
    QVERIFY(!window.findChild<QAction*>("showLegend")->isChecked());
    QVERIFY(!window.findChild<LrCurvePlot*>()->legendShown());
    window.findChild<QAction*>("showLegend")->setChecked(true);
  }

private:
  QTemporaryDir m_dir;
};

} // namespace lrscope::ui

QTEST_MAIN(lrscope::ui::FirstStartTest)
#include "first_start_test.moc"
