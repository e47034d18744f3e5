// Audits in the desktop app and its report, on an audit stored as `lrscope audit` stores it (two
// seeds, a 3-point grid, known accuracies): selecting it shows the audit's picture (the metric
// against the peak LR, error bars over the seeds, the best starred, the suggestion dashed, the
// range shaded) and its details (verdict, cost, the peak LRs with their runs, the range tests);
// a child alone is a plain run again; the report holds the same picture and tables.
#include "main_window.h"

#include "details/audit_details.h"
#include "details/run_details_panel.h"
#include "plots/audit_plot.h"
#include "plots/audit_view.h"
#include "report/report_content.h"
#include "report/report_document.h"
#include "report/report_plots.h"

#include "common/audit_fixture.h"
#include "temporary_settings.h"

#include <QLabel>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

#include <cmath>

namespace lrscope::ui {

class AuditUiTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    test::keepSettingsIn(m_dir.filePath("settings"));
    m_db = m_dir.filePath("audit.db");
    m_audit = lrscope::test::storeFixtureAudit(m_db.toStdString());
  }

  void selectingTheAuditShowsItsPictureInPlaceOfThePlots() {
    MainWindow window;
    QVERIFY2(window.openDatabase(m_db), qPrintable(window.errorString()));
    window.selectRuns({m_audit.id});
    auto* stack = window.findChild<QStackedWidget*>("plotStack");
    QCOMPARE(stack->currentWidget(), window.auditView());
    const AuditPlot* plot = window.auditView()->plot();
    QCOMPARE(plot->gridPointCount(), 3); // seed 1 trained every point
    QCOMPARE(plot->missingPointCount(), 0);
    QCOMPARE(plot->errorBarCount(), 4); // two seeds: each grid point and the suggestion
    QVERIFY(plot->bestLr().has_value());
    QCOMPARE(*plot->bestLr(), lrscope::test::FixtureAudit::kCentre);
    QVERIFY(plot->suggestedLr().has_value());
    QVERIFY(std::abs(*plot->suggestedLr() - std::sqrt(0.1 * 0.12)) < 1e-12);
    QVERIFY(plot->showsRange());
    // Accuracy is drawn in percent; the y axis holds every mean.
    const QCPRange values = plot->customPlot()->yAxis->range();
    QVERIFY2(values.contains(91.5) &&
                 values.contains(100.0 * lrscope::test::FixtureAudit::accuracy(0.12, 2)),
             qPrintable(QString("%1 .. %2").arg(values.lower).arg(values.upper)));
    const QString headline = window.auditView()->headline();
    QVERIFY2(headline.contains(QStringLiteral("Audit #%1").arg(m_audit.id)), qPrintable(headline));
    QVERIFY2(headline.contains("trains as well as the grid's best"), qPrintable(headline));
    QVERIFY2(headline.contains("× the grid's compute"), qPrintable(headline));
  }

  void theDetailsListEveryPeakWithItsRunsAndEachRangeTest() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_db));
    window.selectRuns({m_audit.id});
    const AuditDetails* details = window.findChild<RunDetailsPanel*>()->auditDetails();
    QVERIFY(details->isVisibleTo(window.findChild<RunDetailsPanel*>()));
    QVERIFY2(details->verdictText().contains("0.40 × the grid's compute"),
             qPrintable(details->verdictText())); // (4 s of range tests + 20 s suggested) / 60 s
    const QTableWidget* points = details->pointTable();
    QCOMPARE(points->rowCount(), 4);
    QCOMPARE(points->horizontalHeaderItem(1)->text(), QString("test accuracy"));
    QCOMPARE(points->item(1, 1)->text(), QString("91.5%"));
    QCOMPARE(points->item(1, 5)->text(), QString("best of the grid"));
    QVERIFY(points->item(1, 0)->font().bold());
    // The middle point was trained once by seed 1 (its suggestion too) and once by seed 2.
    QCOMPARE(points->item(1, 4)->text(),
             QStringLiteral("#%1, #%2").arg(m_audit.trainings[0]).arg(m_audit.trainings[5]));
    QCOMPARE(points->item(2, 3)->text(), QString("89.8%, -")); // seed 2 diverged there
    QVERIFY(points->item(3, 5)->text().startsWith("suggested"));
    QCOMPARE(details->rangeTestTable()->rowCount(), 2);
    // Each rule read off the grid; LR Scope's bound by its own trainings, within one std.
    const QTableWidget* rules = details->ruleTable();
    QCOMPARE(rules->rowCount(), 2);
    QCOMPARE(rules->item(0, 0)->text(), QString("valley"));
    QVERIFY2(rules->item(0, 2)->text().endsWith("%"), qPrintable(rules->item(0, 2)->text()));
    QCOMPARE(rules->item(1, 0)->text(), QString("lrscope_range_upper"));
    QVERIFY(rules->item(1, 0)->font().bold());
  }

  void aChildAloneIsAPlainRunAgain() {
    MainWindow window;
    QVERIFY(window.openDatabase(m_db));
    window.selectRuns({m_audit.id});
    window.selectRuns({m_audit.trainings[1]});
    QVERIFY(window.findChild<QStackedWidget*>("plotStack")->currentWidget() != window.auditView());
    QVERIFY(!window.findChild<RunDetailsPanel*>()->auditDetails()->isVisibleTo(
        window.findChild<RunDetailsPanel*>()));
  }

  void theReportShowsThePictureTheVerdictAndTheTables() {
    const storage::RunDatabase db(m_db.toStdString());
    const ReportContent content = gatherReport(db, {m_audit.id, m_audit.trainings[1]});
    const std::vector<ReportBlock> blocks = buildReportDocument(content);
    const ReportFigure* figure = nullptr;
    QStringList texts;
    QStringList tableHeaders;
    for (const ReportBlock& block : blocks) {
      texts << block.text;
      if (block.kind == ReportBlock::Kind::Figure &&
          block.figure->kind == ReportFigure::Kind::Audit)
        figure = block.figure.get();
      if (block.kind == ReportBlock::Kind::Table && !block.table.header.isEmpty())
        tableHeaders << block.table.header.first();
      for (const QStringList& row : block.table.rows)
        texts << row.join(" | ");
    }
    QVERIFY(figure != nullptr);
    QVERIFY(figure->audit.has_value());
    const QString all = texts.join("\n");
    QVERIFY2(all.contains("trains as well as the grid&#x27;s best") ||
                 all.contains("trains as well as the grid's best"),
             qPrintable(all));
    QVERIFY2(tableHeaders.contains("Peak LR") && tableHeaders.contains("Seed") &&
                 tableHeaders.contains("Rule"),
             qPrintable(tableHeaders.join(", ")));
    // The training's summary names the audit it is part of.
    QVERIFY2(all.contains(QStringLiteral("Part of | audit #%1").arg(m_audit.id)), qPrintable(all));
    // The figure draws: an SVG with the axis title in it.
    const QByteArray svg = figureSvg(*figure, QSize(600, 360), 96);
    QVERIFY(svg.contains("<svg"));
    QVERIFY(svg.size() > 5000);
  }

  void theRunListNamesAnAuditsRunsByWhatTheirTagsSay() {
    {
      storage::RunDatabase db(m_db.toStdString());
      db.setTags(m_audit.trainings[0], {"audit", "seed:1", "peak:0.1", "suggested"});
      db.setTags(m_audit.rangeTests[1], {"audit", "seed:2"});
    }
    MainWindow window;
    QVERIFY(window.openDatabase(m_db));
    const QAbstractItemModel* model = window.findChild<QTreeView*>()->model();
    QStringList names;
    for (int row = 0; row < model->rowCount(); ++row) {
      const QModelIndex experiment = model->index(row, 0);
      for (int child = 0; child < model->rowCount(experiment); ++child)
        names << model->index(child, 0, experiment).data().toString();
    }
    QVERIFY2(
        names.contains(
            QStringLiteral("#%1 training, peak 0.1 (seed 1, suggested)").arg(m_audit.trainings[0])),
        qPrintable(names.join("\n")));
    QVERIFY2(names.contains(QStringLiteral("#%1 range test (seed 2)").arg(m_audit.rangeTests[1])),
             qPrintable(names.join("\n")));
    QVERIFY2(names.contains(QStringLiteral("#%1 audit").arg(m_audit.id)),
             qPrintable(names.join("\n")));
  }

private:
  QTemporaryDir m_dir;
  QString m_db;
  lrscope::test::FixtureAudit m_audit;
};

} // namespace lrscope::ui

QTEST_MAIN(lrscope::ui::AuditUiTest)
#include "audit_ui_test.moc"
