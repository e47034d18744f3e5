// Plot exports offscreen: PNG at a scale, SVG with the axis labels as text, PDF, each of the
// current view; an unwritable place gives an error and leaves nothing; the right-click menu
// exports and leaves the range markers alone.
#include "plots/loss_step_plot.h"
#include "plots/lr_curve_plot.h"
#include "plots/lr_step_plot.h"
#include "plots/plot_export.h"
#include "plots/range_marker.h"
#include "qcustomplot_include.h"

#include "lrscope/engine/loss_smoother.h"
#include "lrscope/engine/lr_ladder.h"

#include <QContextMenuEvent>
#include <QDir>
#include <QImage>
#include <QMenu>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <cmath>

namespace lrscope::ui {
namespace {

constexpr int kSteps = 100;

/// The reference curve of DESIGN.md with a picked range.
PlottedRun referenceRun() {
  PlottedRun run;
  run.id = 1;
  run.label = QStringLiteral("#1 reference");
  run.color = runColor(0);
  run.range = storage::RangeBounds{1e-4, 1e-2};
  const std::vector<double> lrs =
      engine::LrLadder(1e-7, 10.0, kSteps, engine::LadderMode::Exponential).values();
  std::vector<double> raw;
  for (int i = 0; i < kSteps; ++i) {
    const double x = std::log10(lrs[static_cast<std::size_t>(i)]);
    raw.push_back(2.3 - 2.0 / (1.0 + std::exp(-2.0 * (x + 3.0))) + std::exp(3.0 * (x + 0.5)) +
                  0.03 * std::sin(1.7 * i));
  }
  const std::vector<double> smoothed = engine::LossSmoother::smooth(raw, 0.98);
  for (int i = 0; i < kSteps; ++i) {
    engine::StepRecord step;
    step.step = i;
    step.groupLrs = {lrs[static_cast<std::size_t>(i)]};
    step.loss = raw[static_cast<std::size_t>(i)];
    step.smoothedLoss = smoothed[static_cast<std::size_t>(i)];
    run.steps.push_back(step);
  }
  return run;
}

/// The text of every <text> element of an SVG file, after checking that it parses as XML
/// with an <svg> root.
QStringList svgTexts(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    return {QStringLiteral("(cannot open %1)").arg(path)};
  QXmlStreamReader xml(&file);
  QStringList texts;
  bool root = false;
  while (!xml.atEnd()) {
    if (xml.readNext() != QXmlStreamReader::StartElement)
      continue;
    root = root || xml.name() == QLatin1String("svg");
    if (xml.name() == QLatin1String("text"))
      texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).simplified();
  }
  if (xml.hasError())
    return {QStringLiteral("(XML error: %1)").arg(xml.errorString())};
  if (!root)
    return {QStringLiteral("(no <svg> element)")};
  return texts;
}

QPoint pixelAt(QCustomPlot* plot, double lr) {
  return QPoint(qRound(plot->xAxis->coordToPixel(lr)), plot->axisRect()->center().y());
}

} // namespace

class PlotExportTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void exportsEachFormatOfTheCurrentView() {
    QTemporaryDir dir;
    LrCurvePlot plot;
    plot.resize(700, 450);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setRuns({referenceRun()});
    QCustomPlot* qcp = plot.customPlot();
    // Zoomed in: the export shows this view, not the whole curve.
    qcp->xAxis->setRange(1e-5, 1e-1);
    qcp->replot();
    const QSize size = qcp->size();
    QCOMPARE(size, QSize(700, 450));

    const QString png = dir.filePath("curve.png");
    QCOMPARE(exportPlot(*qcp, png, PlotFormat::Png, 2.0), QString());
    const QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), size * 2);
    QCOMPARE(QImage(png).pixelColor(5, 5), QColor(Qt::white)); // not transparent, not black

    const QString svg = dir.filePath("curve.svg");
    QCOMPARE(exportPlot(*qcp, svg, PlotFormat::Svg), QString());
    const QStringList texts = svgTexts(svg);
    QVERIFY2(texts.contains("learning rate"), qPrintable(texts.join(" | ")));
    QVERIFY2(texts.contains("loss"), qPrintable(texts.join(" | ")));
    QVERIFY2(texts.contains("#1 reference"), qPrintable(texts.join(" | "))); // the legend
    // The tick labels are the zoomed view's: 1e-5 .. 0.1, none from the ends of the curve.
    QVERIFY2(texts.contains("1e-5") && texts.contains("0.1"), qPrintable(texts.join(" | ")));
    QVERIFY2(!texts.contains("1e-7") && !texts.contains("1e-6"), qPrintable(texts.join(" | ")));

    const QString pdf = dir.filePath("curve.pdf");
    QCOMPARE(exportPlot(*qcp, pdf, PlotFormat::Pdf), QString());
    QFile pdfFile(pdf);
    QVERIFY(pdfFile.open(QIODevice::ReadOnly));
    QVERIFY(pdfFile.read(5) == "%PDF-");
    QVERIFY(pdfFile.size() > 1000);

    if (!qEnvironmentVariableIsEmpty("LRSCOPE_EXPORT_KEEP")) // to look at them
      for (const QString& file : {png, svg, pdf})
        QFile::copy(
            file,
            QDir(qEnvironmentVariable("LRSCOPE_EXPORT_KEEP")).filePath(QFileInfo(file).fileName()));
    // The view is as it was and nothing but the three files was written.
    QCOMPARE(qcp->xAxis->range().lower, 1e-5);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files),
             QStringList({"curve.pdf", "curve.png", "curve.svg"}));
  }

  void anUnwritablePlaceGivesAnErrorAndLeavesNoFile() {
    QTemporaryDir dir;
    LossStepPlot plot;
    plot.resize(500, 300);
    plot.setRuns({referenceRun()});
    QCustomPlot* qcp = plot.customPlot();
    const QString missing = dir.filePath("no-such-folder/loss.png");
    const QString error = exportPlot(*qcp, missing, PlotFormat::Png, 1.0);
    QVERIFY2(error.startsWith(missing + ": cannot write here"), qPrintable(error));
    QVERIFY(!error.contains('\n'));
    // A regular file where a folder should be stops root as well as anyone.
    QFile blocker(dir.filePath("file"));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    for (const PlotFormat format : {PlotFormat::Png, PlotFormat::Svg, PlotFormat::Pdf}) {
      const QString path = dir.filePath("file/plot." + plotFormatSuffix(format));
      QVERIFY2(!exportPlot(*qcp, path, format).isEmpty(), qPrintable(path));
    }
    QVERIFY(exportPlot(*qcp, dir.path(), PlotFormat::Svg).contains("is a folder"));
    QVERIFY(exportPlot(*qcp, dir.filePath("x.png"), PlotFormat::Png, 0.0).contains("scale"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot),
             QStringList({"file"}));
  }

  void everyPlotHasTheExportMenuAndExportsItsAxes() {
    QTemporaryDir dir;
    LrCurvePlot curve;
    LossStepPlot loss;
    LrStepPlot lr;
    const QStringList expectedNames = {"loss-vs-learning-rate.svg", "loss-vs-step.svg",
                                       "learning-rate-vs-step.svg"};
    const QStringList axisLabels[] = {
        {"learning rate", "loss"}, {"step", "loss"}, {"step", "learning rate"}};
    int index = 0;
    for (RunPlot* plot : std::initializer_list<RunPlot*>{&curve, &loss, &lr}) {
      plot->resize(700, 450);
      plot->show();
      QVERIFY(QTest::qWaitForWindowExposed(plot));
      plot->setRuns({referenceRun()});
      const int layers = plot->customPlot()->layerCount();
      const QString svg = dir.filePath(expectedNames[index]);
      QCOMPARE(exportPlot(*plot->customPlot(), svg, PlotFormat::Svg), QString());
      QCOMPARE(plot->customPlot()->layerCount(), layers); // the export's mask is gone
      const QStringList texts = svgTexts(svg);
      for (const QString& label : axisLabels[index])
        QVERIFY2(texts.contains(label), qPrintable(svg + ": " + texts.join(" | ")));
      if (!qEnvironmentVariableIsEmpty("LRSCOPE_EXPORT_KEEP")) { // to look at them
        const QDir keep(qEnvironmentVariable("LRSCOPE_EXPORT_KEEP"));
        QFile::copy(svg, keep.filePath(expectedNames[index]));
        (void)exportPlot(*plot->customPlot(),
                         keep.filePath(QString(expectedNames[index]).replace(".svg", ".png")),
                         PlotFormat::Png);
      }

      auto* menu = plot->customPlot()->findChild<PlotExportMenu*>();
      QVERIFY(menu != nullptr);
      QCOMPARE(plot->customPlot()->contextMenuPolicy(), Qt::CustomContextMenu);
      QStringList actions;
      for (QAction* action : menu->menu()->actions())
        actions << action->text().remove('&');
      QCOMPARE(actions, QStringList({"Export as PNG", "Export as SVG…", "Export as PDF…"}));
      QCOMPARE(menu->suggestedFileName(PlotFormat::Svg), expectedNames[index++]);
    }
  }

  void theMenuExportsWhereTheUserChoosesAndReportsErrors() {
    QTemporaryDir dir;
    LrStepPlot plot;
    plot.resize(600, 400);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setRuns({referenceRun()});
    auto* menu = plot.customPlot()->findChild<PlotExportMenu*>();
    QString offered;
    QString chosen = dir.filePath("lr-steps"); // without the suffix: it is added
    menu->setFileChooser([&](QWidget*, const QString&, const QString& suggested, const QString&) {
      offered = suggested;
      return chosen;
    });
    QSignalSpy exported(menu, &PlotExportMenu::exported);
    QSignalSpy failed(menu, &PlotExportMenu::exportFailed);

    // The PNG submenu's 3x entry, as a user picks it.
    QMenu* png = menu->menu()->actions().at(0)->menu();
    QVERIFY(png != nullptr);
    QCOMPARE(png->actions().size(), 3);
    Q_EMIT menu->menu()->aboutToShow();
    QVERIFY2(png->actions().at(2)->text().startsWith(
                 QStringLiteral("3x (%1 × %2 px)").arg(1800).arg(1200)),
             qPrintable(png->actions().at(2)->text()));
    png->actions().at(2)->trigger();
    QCOMPARE(exported.count(), 1);
    QCOMPARE(exported.at(0).at(0).toString(), dir.filePath("lr-steps.png"));
    QVERIFY(offered.endsWith("learning-rate-vs-step.png"));
    QCOMPARE(QImage(dir.filePath("lr-steps.png")).size(), QSize(1800, 1200));

    // Next time the dialog starts in the folder used last.
    menu->menu()->actions().at(1)->trigger();
    QCOMPARE(offered, dir.filePath("learning-rate-vs-step.svg"));
    QVERIFY(QFile::exists(dir.filePath("lr-steps.svg")));

    // A folder that is not there: a message box says so, nothing is written.
    chosen = dir.filePath("gone/plot.pdf");
    menu->menu()->actions().at(2)->trigger();
    QCOMPARE(failed.count(), 1);
    QVERIFY(failed.at(0).at(0).toString().startsWith(chosen + ": cannot write here"));
    auto* box = plot.window()->findChild<QMessageBox*>();
    QVERIFY(box != nullptr);
    QCOMPARE(box->text(), failed.at(0).at(0).toString());
    box->close();
    QVERIFY(!QFile::exists(chosen));

    // Cancelling the dialog does nothing.
    chosen.clear();
    menu->menu()->actions().at(2)->trigger();
    QCOMPARE(exported.count(), 2);
    QCOMPARE(failed.count(), 1);
  }

  void aRightClickOnAMarkerOpensTheMenuWithoutMovingIt() {
    LrCurvePlot plot;
    plot.resize(900, 600);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setRuns({referenceRun()});
    QCustomPlot* qcp = plot.customPlot();
    qcp->replot();
    QVERIFY(plot.upperMarker()->visible());
    QSignalSpy edited(&plot, &LrCurvePlot::rangeEdited);
    const QCPRange before = qcp->xAxis->range();

    // A right-button press and move on the upper marker neither drags it nor pans.
    const QPoint at = pixelAt(qcp, 1e-2);
    QTest::mousePress(qcp, Qt::RightButton, Qt::NoModifier, at);
    QTest::mouseMove(qcp, at + QPoint(60, 0));
    QTest::mouseRelease(qcp, Qt::RightButton, Qt::NoModifier, at + QPoint(60, 0));
    QCOMPARE(plot.upperMarker()->key(), 1e-2);
    QCOMPARE(edited.count(), 0);
    QCOMPARE(qcp->xAxis->range().lower, before.lower);
    QVERIFY(!plot.isViewPinned());

    // The context menu event (what the platform sends on a right click) opens the menu.
    QContextMenuEvent event(QContextMenuEvent::Mouse, at, qcp->mapToGlobal(at));
    QApplication::sendEvent(qcp, &event);
    QMenu* menu = qcp->findChild<PlotExportMenu*>()->menu();
    QTRY_VERIFY(menu->isVisible());
    if (!qEnvironmentVariableIsEmpty("LRSCOPE_MENU_SHOT")) {
      // For documentation: the plot with the menu open, as one picture.
      QImage shot = qcp->grab().toImage();
      QPainter painter(&shot);
      painter.drawPixmap(qcp->mapFromGlobal(menu->pos()), menu->grab());
      painter.end();
      shot.save(qEnvironmentVariable("LRSCOPE_MENU_SHOT"));
    }
    menu->close();
    QCOMPARE(plot.upperMarker()->key(), 1e-2);
  }
};

} // namespace lrscope::ui

QTEST_MAIN(lrscope::ui::PlotExportTest)
#include "plot_export_test.moc"
