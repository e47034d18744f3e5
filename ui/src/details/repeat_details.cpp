#include "details/repeat_details.h"

#include "details/detail_table.h"
#include "number_format.h"
#include "plots/repeated_run.h"
#include "repeat_text.h"
#include "run_labels.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace lrscope::ui {
namespace {

/// Rows of each table in view; more scroll, so that the panel keeps room for notes and config.
constexpr int kVisibleRows = 5;

QString rangeText(const storage::RunDetails& repeat) {
  if (!repeat.range)
    return QObject::tr("no range");
  return QStringLiteral("%1 .. %2").arg(lrText(repeat.range->lower), lrText(repeat.range->upper));
}

} // namespace

RepeatDetails::RepeatDetails(QWidget* parent)
    : QWidget(parent), m_verdict(new QLabel), m_spreads(new QTableWidget(0, 5)),
      m_medianCurve(new QLabel), m_repeats(new QTableWidget(0, 4)) {
  setObjectName("repeatDetails");
  m_verdict->setObjectName("repeatVerdict");
  m_verdict->setWordWrap(true);
  m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_spreads->setObjectName("repeatSpreadTable");
  m_spreads->setHorizontalHeaderLabels(
      {tr("over the repeats"), tr("median"), tr("lowest"), tr("highest"), tr("spread")});
  m_spreads->horizontalHeaderItem(4)->setToolTip(
      tr("In decades, log10(highest / lowest): how far the repeats disagree; stable is at most "
         "%1 decades for the upper bound")
          .arg(engine::kStableSpreadDecades));
  m_spreads->setToolTip(tr("Click a row to move the nearer range marker to its median"));
  styleDetailTable(m_spreads, 4);
  connect(m_spreads, &QTableWidget::cellClicked, this, [this](int row, int) {
    const QVariant lr = m_spreads->item(row, 1)->data(Qt::UserRole);
    if (lr.isValid())
      Q_EMIT lrActivated(lr.toDouble());
  });
  m_medianCurve->setObjectName("repeatMedianCurve");
  m_medianCurve->setWordWrap(true);
  m_repeats->setObjectName("repeatTable");
  m_repeats->setHorizontalHeaderLabels({tr("repeat"), tr("seed"), tr("status"), tr("its range")});
  m_repeats->horizontalHeaderItem(3)->setToolTip(
      tr("The range picked on this repeat (select its run to see it alone)"));
  styleDetailTable(m_repeats, 3);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_verdict);
  layout->addWidget(m_spreads);
  layout->addWidget(m_medianCurve);
  m_repeatsTitle = new QLabel(tr("<b>Repeats</b>"));
  layout->addWidget(m_repeatsTitle);
  layout->addWidget(m_repeats);
  layout->addStretch(1);
  clear(tr("Reading the repeats…"));
}

void RepeatDetails::setTablesVisible(bool visible) {
  for (QWidget* widget :
       std::initializer_list<QWidget*>{m_spreads, m_medianCurve, m_repeatsTitle, m_repeats})
    widget->setVisible(visible);
}

void RepeatDetails::clear(const QString& text) {
  setTablesVisible(false);
  m_verdict->setText(text);
  m_spreads->setRowCount(0);
  m_medianCurve->clear();
  m_repeats->setRowCount(0);
  fitDetailTableHeight(m_spreads, kVisibleRows);
  fitDetailTableHeight(m_repeats, kVisibleRows);
}

void RepeatDetails::showTest(const storage::RepeatedRangeTestSummary& test) {
  const engine::RepeatSummary& summary = test.summary;
  setTablesVisible(true);
  m_verdict->setText(verdictHtml(summary));
  const std::vector<SpreadRow> rows = spreadRows(summary);
  m_spreads->setRowCount(static_cast<int>(rows.size()));
  for (int row = 0; row < static_cast<int>(rows.size()); ++row) {
    const SpreadRow& r = rows[static_cast<std::size_t>(row)];
    m_spreads->setItem(row, 0, detailCell(r.name, false));
    if (!r.spread) {
      m_spreads->setItem(row, 1, detailCell(tr("no repeat gave one"), false));
      for (int column = 2; column < 5; ++column)
        m_spreads->setItem(row, column, detailCell(missingText()));
      continue;
    }
    auto* median = detailCell(lrShortText(r.spread->median));
    median->setData(Qt::UserRole, r.spread->median);
    median->setToolTip(lrText(r.spread->median));
    m_spreads->setItem(row, 1, median);
    m_spreads->setItem(row, 2, detailCell(lrShortText(r.spread->min)));
    m_spreads->setItem(row, 3, detailCell(lrShortText(r.spread->max)));
    auto* spread = detailCell(QString::number(r.spread->spreadDecades, 'f', 2));
    spread->setToolTip(
        tr("%1 over %2 repeats")
            .arg(spreadText(r.spread->spreadDecades), countText(*r.spread, summary.repeats)));
    m_spreads->setItem(row, 4, spread);
  }
  fitDetailTableHeight(m_spreads, kVisibleRows);
  m_medianCurve->setText(
      tr("Range rule on the median curve: %1.").arg(medianCurveRangeText(summary).toHtmlEscaped()));

  m_repeats->setRowCount(static_cast<int>(test.repeats.size()));
  for (int row = 0; row < static_cast<int>(test.repeats.size()); ++row) {
    const storage::RunDetails& repeat = test.repeats[static_cast<std::size_t>(row)].details;
    const QList<QTableWidgetItem*> items{
        detailCell(QString::number(row + 1)), detailCell(QString::number(repeat.seed)),
        detailCell(statusText(repeat.summary.status), false), detailCell(rangeText(repeat))};
    for (int column = 0; column < items.size(); ++column) {
      items[column]->setToolTip(tr("Run #%1: %2")
                                    .arg(repeat.summary.id)
                                    .arg(repeatLabel(static_cast<std::size_t>(row), repeat)));
      m_repeats->setItem(row, column, items[column]);
    }
  }
  fitDetailTableHeight(m_repeats, kVisibleRows);
}

QString RepeatDetails::verdict() const {
  return m_verdict->text();
}

} // namespace lrscope::ui
