// Drives the real main window offscreen: opening a curve fills the plot and the table.
#include "main_window.h"

#include "lrscope/engine/curve_file.h"
#include "lrscope/engine/loss_smoother.h"
#include "lrscope/engine/lr_ladder.h"

#include <QLabel>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

namespace lrscope::ui {

class MainWindowTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void opensARecordedCurve() {
    QTemporaryDir dir;
    const QString path = dir.filePath("curve.csv");
    engine::LrCurve curve;
    curve.lrs = engine::LrLadder(1e-7, 10.0, 100, engine::LadderMode::Exponential).values();
    for (std::size_t i = 0; i < curve.lrs.size(); ++i) {
      const double x = std::log10(curve.lrs[i]);
      curve.rawLosses.push_back(2.3 - 2.0 / (1.0 + std::exp(-2.0 * (x + 3.0))) +
                                std::exp(3.0 * (x + 0.5)) + 0.03 * std::sin(1.7 * i));
    }
    curve.losses = engine::LossSmoother::smooth(curve.rawLosses, 0.98);
    engine::writeCurveFile(path.toStdString(), curve);

    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY2(window.openCurve(path), qPrintable(window.errorString()));

    auto* table = window.findChild<QTableWidget*>();
    QVERIFY(table != nullptr);
    QCOMPARE(table->rowCount(), 6);
    QCOMPARE(table->item(0, 0)->text(), QString("minimum"));
    QCOMPARE(table->item(0, 1)->text(), QString("2.915e-02")); // the golden value, rounded
    QVERIFY(window.windowTitle().contains("curve.csv"));
    bool rangeShown = false;
    for (const QLabel* label : window.findChildren<QLabel*>())
      rangeShown = rangeShown || label->text().contains("lrscope-range v1");
    QVERIFY(rangeShown);
  }

  void reportsABadFileWithoutChangingTheView() {
    QTemporaryDir dir;
    const QString path = dir.filePath("bad.csv");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("lr,loss\n0.1,2\n0.01,1\n");
    file.close();

    MainWindow window;
    QVERIFY(!window.openCurve(path));
    QVERIFY(window.errorString().contains("bad.csv"));
    QVERIFY(window.errorString().contains("increasing"));
    QCOMPARE(window.findChild<QTableWidget*>()->rowCount(), 0);
  }
};

} // namespace lrscope::ui

QTEST_MAIN(lrscope::ui::MainWindowTest)
#include "main_window_test.moc"
