#include "details/sweep_details.h"

#include "details/detail_table.h"
#include "number_format.h"

#include "plots/sweep_style.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace lrscope::ui {
namespace {

/// A fraction as a percentage without the sign, for the column headed "val acc %".
QString percentNumber(double fraction) {
  return std::isfinite(fraction) ? QString::number(fraction * 100.0, 'f', 1) : missingText();
}

/// One line for an eliminated extreme: "lowest eliminated: 1e-3 at rung 1 (validation loss ...)".
QString extremeLine(const QString& side, const storage::SweepCandidateRun& c) {
  return QObject::tr("%1 eliminated: <b>%2</b>, %3")
      .arg(side, sweepLrText(c.lr), sweepOutcomeText(c).toHtmlEscaped());
}

} // namespace

SweepDetails::SweepDetails(QWidget* parent)
    : QWidget(parent), m_best(new QLabel), m_extremes(new QLabel), m_table(new QTableWidget(0, 5)) {
  setObjectName("sweepDetails");
  m_best->setObjectName("sweepBest");
  m_best->setWordWrap(true);
  m_best->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_extremes->setObjectName("sweepExtremes");
  m_extremes->setWordWrap(true);
  m_table->setObjectName("sweepTable");
  m_table->setHorizontalHeaderLabels(
      {tr("lr"), tr("status"), tr("rung"), tr("val loss"), tr("val acc %")});
  m_table->horizontalHeaderItem(2)->setToolTip(
      tr("The rung it was stopped at, or the last one it finished"));
  m_table->horizontalHeaderItem(3)->setToolTip(tr("The validation loss of its last epoch"));
  styleDetailTable(m_table, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_best);
  layout->addWidget(m_extremes);
  layout->addWidget(new QLabel(tr("<b>Learning rates</b>")));
  layout->addWidget(m_table, 1);
  clear();
}

void SweepDetails::clear() {
  m_best->setText(tr("Reading the sweep…"));
  m_extremes->clear();
  m_table->setRowCount(0);
}

void SweepDetails::showSweep(const storage::SweepSummary& sweep) {
  if (sweep.best) {
    const storage::SweepCandidateRun& best = sweep.candidates[*sweep.best];
    m_best->setText(tr("Best LR: <b>%1</b> (validation loss %2, accuracy %3) after %4 rung(s), "
                       "%5 epochs")
                        .arg(sweepLrText(best.lr), lossText(best.finalValidationLoss()),
                             percentText(best.finalValidationAccuracy()))
                        .arg(best.rung)
                        .arg(best.epochs.size()));
  } else if (sweep.run.summary.status == engine::StoredStatus::Running) {
    m_best->setText(tr("Best LR: not decided yet (%1 rung(s) of %2 planned so far)")
                        .arg(sweep.rungsRun)
                        .arg(sweep.plannedRungs));
  } else {
    m_best->setText(
        tr("Best LR: none (%1)").arg(QString::fromStdString(sweep.run.message).toHtmlEscaped()));
  }
  QStringList extremes;
  if (sweep.lowestEliminated)
    extremes.append(extremeLine(sweep.best ? tr("Below the best, lowest") : tr("Lowest"),
                                sweep.candidates[*sweep.lowestEliminated]));
  if (sweep.highestEliminated)
    extremes.append(extremeLine(sweep.best ? tr("Above the best, highest") : tr("Highest"),
                                sweep.candidates[*sweep.highestEliminated]));
  m_extremes->setText(extremes.isEmpty() ? tr("Nothing eliminated yet.")
                                         : extremes.join(QStringLiteral("<br>")));

  m_table->setRowCount(static_cast<int>(sweep.candidates.size()));
  for (int row = 0; row < static_cast<int>(sweep.candidates.size()); ++row) {
    const storage::SweepCandidateRun& c = sweep.candidates[static_cast<std::size_t>(row)];
    const SweepCandidateStyle style = sweepCandidateStyle(c, row);
    const QString outcome = sweepOutcomeText(c);
    QList<QTableWidgetItem*> items{
        detailCell(sweepLrText(c.lr)),
        detailCell(c.status == engine::CandidateStatus::Running
                       ? outcome
                       : QString::fromStdString(engine::toString(c.status)),
                   false),
        detailCell(QString::number(c.rung)), detailCell(lossText(c.finalValidationLoss())),
        detailCell(percentNumber(c.finalValidationAccuracy()))};
    for (int column = 0; column < items.size(); ++column) {
      QTableWidgetItem* item = items[column];
      item->setToolTip(tr("Run #%1: %2").arg(c.runId).arg(outcome));
      item->setData(Qt::UserRole, QVariant::fromValue<qint64>(c.runId));
      if (style.greyed)
        item->setForeground(QColor(117, 117, 117));
      if (style.best) {
        QFont bold = item->font();
        bold.setBold(true);
        item->setFont(bold);
      }
      m_table->setItem(row, column, item);
    }
  }
  fitTableHeight();
}

void SweepDetails::fitTableHeight() {
  // Every learning rate in view up to ten; more scroll.
  const int rows = std::min(m_table->rowCount(), 10);
  m_table->setMinimumHeight(m_table->horizontalHeader()->sizeHint().height() +
                            rows * m_table->verticalHeader()->defaultSectionSize() +
                            2 * m_table->frameWidth());
}

QString SweepDetails::bestText() const {
  return m_best->text();
}

QString SweepDetails::extremesText() const {
  return m_extremes->text();
}

} // namespace lrscope::ui
