// Reports of stored runs: a range test, a training run, a sweep and a comparison, written as PDF
// (read back with poppler's pdftotext and pdfinfo) and as self-contained HTML (inline SVG that
// Qt can parse, tables, nothing fetched from elsewhere); bad requests that write nothing; the
// Export report dialog.
#include "dialogs/report_dialog.h"
#include "main_window.h"
#include "report/report_content.h"
#include "report/report_export.h"

#include "report_fixture.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/storage/storage_error.h"
#include "lrscope/storage/sweep_summary.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QtTest>

namespace lrscope::ui {
namespace {

/// What a poppler tool prints for a file; a test failure when it cannot run.
QString poppler(const QString& tool, const QStringList& arguments) {
  QProcess process;
  process.start(tool, arguments);
  if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit ||
      process.exitCode() != 0) {
    qWarning("%s failed (install poppler-utils: packaging/install-deps.sh): %s", qPrintable(tool),
             qPrintable(process.readAllStandardError() + process.errorString()));
    return {};
  }
  return QString::fromUtf8(process.readAllStandardOutput());
}

/// The PDF's text with runs of white space made single spaces (layout does not matter here).
QString pdfText(const QString& file) {
  return poppler("pdftotext", {file, "-"}).simplified();
}

QString pdfInfo(const QString& file, const QString& field) {
  const QRegularExpression line(QStringLiteral("^%1:\\s*(.*)$").arg(field),
                                QRegularExpression::MultilineOption);
  return line.match(poppler("pdfinfo", {file})).captured(1).trimmed();
}

QString readText(const QString& file) {
  QFile in(file);
  return in.open(QIODevice::ReadOnly) ? QString::fromUtf8(in.readAll()) : QString();
}

class ReportTest : public QObject {
  Q_OBJECT

private:
  QTemporaryDir m_dir;
  std::unique_ptr<storage::RunDatabase> m_db;
  test::ReportRuns m_runs;

  QString path(const QString& name) const { return m_dir.filePath(name); }

  ReportWritten write(std::vector<int64_t> ids, const QString& pdf, const QString& html,
                      const std::string& pageSize = "a4") {
    ReportFiles files;
    files.runIds = std::move(ids);
    if (!pdf.isEmpty())
      files.pdf = path(pdf).toStdString();
    if (!html.isEmpty())
      files.html = path(html).toStdString();
    files.pageSize = pageSize;
    return writeReport(*m_db, files);
  }

private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_db = std::make_unique<storage::RunDatabase>(path("runs.db").toStdString());
    m_runs = test::storeReportRuns(*m_db);
    QCoreApplication::setOrganizationName("lrscope-test");
    QCoreApplication::setApplicationName("report-test");
  }

  void rangeTestPdfHasTheRunItsSettingsPlotRangeSuggestionsAndNotes() {
    const ReportWritten written = write({m_runs.rangeTest}, "range.pdf", {});
    const QString text = pdfText(path("range.pdf"));
    for (const char* part : {"LR Scope report",
                             "Run #1: range test of mlp on fashion-mnist",
                             "LR Scope 0.",
                             "Data set",
                             "fashion-mnist",
                             "Sample",
                             "6000 examples",
                             "Model",
                             "mlp",
                             "Optimizer",
                             "sgd",
                             "momentum",
                             "Range test",
                             "start lr",
                             "1e-07",
                             "end lr",
                             "iterations",
                             "100",
                             "Loss vs learning rate",
                             "learning rate",
                             "validation accuracy",
                             "Picked range",
                             "2.000e-04 .. 3.000e-02",
                             "moved by hand",
                             "The automatic range (",
                             "Suggestions",
                             "minimum",
                             "steep",
                             "valley",
                             "slide",
                             "steepest_index",
                             "steepest_lr",
                             "Lightning",
                             "Notes",
                             "Reference curve of DESIGN.md.",
                             "Second line of the notes.",
                             "Classes",
                             "10 classes: T-shirt/top, Trouser, Pullover",
                             "Ankle boot",
                             "Warning",
                             test::kRangeTestWarning,
                             "Page 1 of"})
      QVERIFY2(text.contains(QLatin1String(part)), part);
    // The golden suggestions of DESIGN.md's reference curve, as the table prints them.
    for (const char* lr : {"2.915e-02", "4.037e-03", "6.280e-04", "2.783e-03", "1.123e-06"})
      QVERIFY2(text.contains(QLatin1String(lr)), lr);
    QVERIFY(text.contains(QStringLiteral("Page %1 of %1").arg(written.pdfPages)));
    QCOMPARE(pdfInfo(path("range.pdf"), "Pages").toInt(), written.pdfPages);
    QVERIFY2(pdfInfo(path("range.pdf"), "Page size").contains("(A4)"),
             qPrintable(pdfInfo(path("range.pdf"), "Page size")));
    QVERIFY(!QFile::exists(path("range.pdf.part")));
  }

  void letterPagesAreLetter() {
    (void)write({m_runs.rangeTest}, "letter.pdf", {}, "letter");
    const QString size = pdfInfo(path("letter.pdf"), "Page size");
    QVERIFY2(size.startsWith("612 x 792"), qPrintable(size));
  }

  void trainingPdfHasItsCurvesScheduleEpochsFinalMetricsAndCheckpoint() {
    (void)write({m_runs.training}, "training.pdf", {});
    const QString text = pdfText(path("training.pdf"));
    for (const char* part :
         {"training of mlp on fashion-mnist", "Loss vs step", "Learning rate vs step",
          "Loss and accuracy per epoch", "epoch", "accuracy", "Final metrics",
          "Test loss, accuracy", "77.1%", "Checkpoint", test::kCheckpoint, "Schedule", "one-cycle",
          "Epochs", "Events", "lr_change", "4.000e-03", "trained 3 epochs"})
      QVERIFY2(text.contains(QLatin1String(part)), part);
  }

  void sweepPdfListsEveryLrAndTheEliminatedOnes() {
    (void)write({m_runs.sweep}, "sweep.pdf", {});
    const QString text = pdfText(path("sweep.pdf"));
    for (const char* part :
         {"sweep of mlp on fashion-mnist", "Learning rates", "1.000e-03", "1.000e-02", "1.000e-01",
          "best of the sweep after 2 epochs", "Eliminated learning rates",
          "eliminated at rung 1: validation loss 1.9 > median 1.5 at rung 1",
          "diverged, out at rung 1: diverged at step 37", "Validation loss per epoch",
          "validation loss", "lower lr", "candidates", "10 classes: T-shirt/top"}) // its trainings'
      QVERIFY2(text.contains(QLatin1String(part)), part);
  }

  void theReportOrdersASweepAsTheAppAnUnreadableLrLastTiesByRunId() {
    storage::RunDatabase db(path("unreadable-lr.db").toStdString());
    storage::NewRun sweep;
    sweep.kind = engine::RunKind::Sweep;
    sweep.configJson = R"({"sweep": {"candidates": 5, "epochs_per_rung": 1}})";
    const int64_t sweepId = db.createRun(sweep);
    const auto unreadable = [&] {
      storage::NewRun run;
      run.kind = engine::RunKind::Training;
      run.parentRunId = sweepId;
      run.configJson = R"({"schedule": {"kind": "constant"}})"; // no max_lr
      return db.createRun(run);
    };
    const int64_t noLr = unreadable();
    const int64_t high = test::storeTraining(db, 1e-1, 1, sweepId);
    const int64_t low = test::storeTraining(db, 1e-3, 1, sweepId);
    const int64_t noLrAgain = unreadable();
    const int64_t highAgain = test::storeTraining(db, 1e-1, 1, sweepId);
    const std::vector<int64_t> expected{low, high, highAgain, noLr, noLrAgain};

    const ReportContent content = gatherReport(db, {sweepId});
    QVERIFY(content.runs.front().sweep.has_value());
    std::vector<int64_t> reported;
    for (const storage::SweepCandidateRun& c : content.runs.front().sweep->candidates)
      reported.push_back(c.runId);
    QCOMPARE(reported, expected);
    std::vector<int64_t> stored;
    for (const storage::SweepCandidateRun& c : storage::loadSweepSummary(db, sweepId).candidates)
      stored.push_back(c.runId);
    QCOMPARE(stored, expected);

    // The PDF's table lists them in that order.
    ReportFiles files;
    files.runIds = {sweepId};
    files.pdf = path("unreadable-lr.pdf").toStdString();
    (void)writeReport(db, files);
    const QString text = poppler("pdftotext", {"-layout", path("unreadable-lr.pdf"), "-"});
    qsizetype at = 0;
    for (const int64_t id : expected) {
      const QRegularExpression row(QStringLiteral("#%1\\b").arg(id));
      const qsizetype next = text.indexOf(row, at);
      QVERIFY2(next >= at, qPrintable(QStringLiteral("#%1 after the LRs before it").arg(id)));
      at = next;
    }
  }

  void comparisonPdfHasAnOverviewAndEveryRunOnItsOwnPages() {
    const ReportWritten written =
        write({m_runs.rangeTest, m_runs.training, m_runs.sweep}, "compare.pdf", {});
    const QString text = pdfText(path("compare.pdf"));
    for (const char* part :
         {"Comparison of 3 runs: #1, #2, #3", "Overview", "Picked range", "moved by hand",
          "Run #1: range test of mlp on fashion-mnist", "Run #2: training of mlp on fashion-mnist",
          "Run #3: sweep of mlp on fashion-mnist"})
      QVERIFY2(text.contains(QLatin1String(part)), part);
    QVERIFY(written.pdfPages >= 4); // the overview, then each run from a new page
  }

  void htmlIsOneSelfContainedFileWithInlineSvgAndTables() {
    (void)write({m_runs.rangeTest, m_runs.training}, {}, "compare.html");
    const QString html = readText(path("compare.html"));
    QVERIFY(html.startsWith("<!DOCTYPE html>"));
    for (const char* part : {"<table", "Run #1: range test of mlp on fashion-mnist",
                             "Reference curve of DESIGN.md.<br>Second line", "moved by hand",
                             "steepest_index", "Final metrics", test::kCheckpoint})
      QVERIFY2(html.contains(QLatin1String(part)), part);
    // Nothing is fetched: no src or href attribute, no URL but the SVG namespaces.
    QString withoutNamespaces = html;
    withoutNamespaces.remove(QRegularExpression(QStringLiteral("xmlns(:\\w+)?=\"[^\"]*\"")));
    QVERIFY(!withoutNamespaces.contains(QRegularExpression(QStringLiteral("\\b(src|href)\\s*="))));
    QVERIFY(!withoutNamespaces.contains("http:") && !withoutNamespaces.contains("https:"));
    QVERIFY(!html.contains("<script") && !html.contains("<link") && !html.contains("<img"));
    // Each figure is inline SVG that an SVG reader draws.
    const QRegularExpression svg(QStringLiteral("<svg.*?</svg>"),
                                 QRegularExpression::DotMatchesEverythingOption);
    int figures = 0;
    for (auto match = svg.globalMatch(html); match.hasNext(); ++figures) {
      QSvgRenderer renderer(match.next().captured(0).toUtf8());
      QVERIFY(renderer.isValid());
    }
    QCOMPARE(figures, 5); // overview; loss vs LR; loss and LR vs step and epochs of the training
    QCOMPARE(html.count("<figcaption>"), figures);
  }

  void aMissingRunWritesNothing() {
    try {
      (void)write({m_runs.rangeTest, 99}, "missing.pdf", "missing.html");
      QFAIL("no error");
    } catch (const storage::StorageError& error) {
      QVERIFY2(QString(error.what()).contains("no run 99"), error.what());
    }
    QVERIFY(!QFile::exists(path("missing.pdf")) && !QFile::exists(path("missing.html")));
  }

  void anUnwritableFileWritesNeitherFile() {
    try {
      (void)write({m_runs.rangeTest}, "fine.pdf", "no/such/folder/x.html");
      QFAIL("no error");
    } catch (const engine::InputError& error) {
      QVERIFY2(QString(error.what()).contains("no/such/folder/x.html: cannot write"), error.what());
    }
    const QStringList left = QDir(m_dir.path()).entryList({"fine.pdf*", "x.html*"}, QDir::Files);
    QVERIFY2(left.isEmpty(), qPrintable(left.join(", ")));
  }

  void dialogPreselectsTheSelectionAndWritesTheReport() {
    ReportDialog dialog(*m_db, {m_runs.training});
    QCOMPARE(dialog.checkedRuns(), QList<qint64>{m_runs.training});
    auto* file = dialog.findChild<QLineEdit*>("reportFile");
    QVERIFY(file->text().endsWith("lrscope-report-run-2.pdf"));
    auto* format = dialog.findChild<QComboBox*>("reportFormat");
    format->setCurrentIndex(format->findData("html"));
    QVERIFY(file->text().endsWith("lrscope-report-run-2.html"));
    QVERIFY(!dialog.findChild<QComboBox*>("reportPageSize")->isEnabled());
    format->setCurrentIndex(format->findData("pdf"));

    auto* runs = dialog.findChild<QListWidget*>("reportRuns");
    QCOMPARE(runs->count(), 6); // every run, the sweep's LRs too
    for (int i = 0; i < runs->count(); ++i)
      if (runs->item(i)->data(Qt::UserRole).toLongLong() == m_runs.rangeTest)
        runs->item(i)->setCheckState(Qt::Checked);
    QCOMPARE(dialog.checkedRuns().size(), 2);
    QVERIFY(file->text().endsWith(".pdf") && file->text().contains("runs-"));

    dialog.findChild<QCheckBox*>("reportOpen")->setChecked(false);
    file->setText(path("from-dialog.pdf"));
    QSignalSpy written(&dialog, &ReportDialog::reportWritten);
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(written.count(), 1);
    QVERIFY(written.first().at(1).toInt() >= 3);
    QVERIFY(pdfText(path("from-dialog.pdf")).contains("Comparison of 2 runs"));
  }

  void theWindowsFileMenuOpensTheDialogForTheSelectedRuns() {
    MainWindow window;
    QVERIFY(window.openDatabase(path("runs.db")));
    window.selectRuns({m_runs.rangeTest, m_runs.sweep});
    QAction* exportReport = nullptr;
    for (QAction* menu : window.menuBar()->actions())
      if (menu->menu() != nullptr)
        for (QAction* action : menu->menu()->actions())
          if (action->text() == QStringLiteral("Export &report…"))
            exportReport = action;
    QVERIFY(exportReport != nullptr);
    exportReport->trigger();
    auto* dialog = window.findChild<ReportDialog*>();
    QVERIFY(dialog != nullptr);
    QCOMPARE(dialog->checkedRuns(), (QList<qint64>{m_runs.rangeTest, m_runs.sweep}));
    dialog->reject();
  }

  void dialogStaysOpenWithTheErrorWhenNothingCanBeWritten() {
    ReportDialog dialog(*m_db, {});
    QVERIFY(dialog.checkedRuns().isEmpty());
    dialog.accept();
    QVERIFY(dialog.errorText().contains("Check at least one run"));
    QCOMPARE(dialog.result(), int(QDialog::Rejected));

    auto* runs = dialog.findChild<QListWidget*>("reportRuns");
    runs->item(0)->setCheckState(Qt::Checked);
    dialog.findChild<QLineEdit*>("reportFile")->setText(path("no/such/folder/r.pdf"));
    dialog.accept();
    QVERIFY2(dialog.errorText().contains("cannot write"), qPrintable(dialog.errorText()));
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
  }
};

} // namespace
} // namespace lrscope::ui

QTEST_MAIN(lrscope::ui::ReportTest)
#include "report_test.moc"
