#include "details/comparison_table.h"

#include "number_format.h"
#include "run_labels.h"

#include <QHeaderView>

#include <algorithm>
#include <cmath>

namespace lrscope::ui {
namespace {

enum Column {
  kRun,
  kStatus,
  kLower,
  kUpper,
  kRangeSource,
  kPeakLr,
  kSchedule,
  kEpochs,
  kTestAccuracy,
  kWallTime,
  kColumnCount
};

/// What a cell sorts by: a number or a text; a cell without one has no value to sort by.
constexpr int kSortRole = Qt::UserRole;
/// The run of a row, on its first cell.
constexpr int kRunIdRole = Qt::UserRole + 1;

QTableWidgetItem* numberCell(const QString& text, double value) {
  auto* item = new QTableWidgetItem(text);
  item->setData(kSortRole, value);
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

QTableWidgetItem* textCell(const QString& text) {
  auto* item = new QTableWidgetItem(text);
  if (!text.isEmpty())
    item->setData(kSortRole, text);
  return item;
}

/// A value that is not there ("-"), sorted after the values.
QTableWidgetItem* missingCell(const QString& why) {
  auto* item = new QTableWidgetItem(missingText());
  item->setToolTip(why);
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

bool isTraining(const ComparedRun& run) {
  return run.details.summary.kind == engine::RunKind::Training;
}

/// Whether a's value comes before b's in this order; cells without a value come last.
bool sortsBefore(const QTableWidgetItem* a, const QTableWidgetItem* b, Qt::SortOrder order) {
  const QVariant x = a != nullptr ? a->data(kSortRole) : QVariant();
  const QVariant y = b != nullptr ? b->data(kSortRole) : QVariant();
  if (x.isValid() != y.isValid())
    return x.isValid();
  if (!x.isValid())
    return false;
  const bool numbers = x.typeId() == QMetaType::Double && y.typeId() == QMetaType::Double;
  const auto less = [numbers](const QVariant& p, const QVariant& q) {
    return numbers ? p.toDouble() < q.toDouble()
                   : QString::localeAwareCompare(p.toString(), q.toString()) < 0;
  };
  return order == Qt::AscendingOrder ? less(x, y) : less(y, x);
}

} // namespace

ComparisonTable::ComparisonTable(QWidget* parent)
    : QTableWidget(0, kColumnCount, parent),
      m_columns({tr("run"), tr("status"), tr("lower"), tr("upper"), tr("range"), tr("peak LR"),
                 tr("schedule"), tr("epochs"), tr("test acc."), tr("time")}) {
  setObjectName("comparisonTable");
  setHorizontalHeaderLabels(m_columns);
  horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  horizontalHeader()->setStretchLastSection(true);
  horizontalHeader()->setSectionsClickable(true);
  horizontalHeaderItem(kTestAccuracy)->setToolTip(tr("Test accuracy after the last epoch"));
  horizontalHeaderItem(kRangeSource)->setToolTip(tr("Where the picked range came from"));
  horizontalHeaderItem(kEpochs)->setToolTip(tr("Epochs finished, of those planned"));
  horizontalHeaderItem(kWallTime)->setToolTip(tr("Wall time"));
  verticalHeader()->setVisible(false);
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setSelectionMode(QAbstractItemView::NoSelection);
  connect(horizontalHeader(), &QHeaderView::sectionClicked, this, [this](int column) {
    const bool again = column == m_sortColumn && m_sortOrder == Qt::AscendingOrder;
    sortRows(column, again ? Qt::DescendingOrder : Qt::AscendingOrder);
  });
}

void ComparisonTable::showRuns(const std::vector<ComparedRun>& runs) {
  m_runs = runs;
  m_sortColumn = -1;
  markSortedColumn();
  clearContents();
  setRowCount(static_cast<int>(runs.size()));
  for (int row = 0; row < rowCount(); ++row)
    fillRow(row, runs[static_cast<std::size_t>(row)]);
  const bool anyTraining = std::any_of(runs.begin(), runs.end(), isTraining);
  const bool anyOther = !std::all_of(runs.begin(), runs.end(), isTraining);
  for (const int column : {kLower, kUpper, kRangeSource})
    setColumnHidden(column, !anyOther);
  for (const int column : {kPeakLr, kSchedule, kEpochs, kTestAccuracy, kWallTime})
    setColumnHidden(column, !anyTraining);
  // Room for what tells the runs apart: the status only where some run did not complete.
  setColumnHidden(kStatus, std::all_of(runs.begin(), runs.end(), [](const ComparedRun& run) {
                    return run.details.summary.status == engine::StoredStatus::Completed;
                  }));
}

void ComparisonTable::addEpoch(int64_t runId, const engine::EpochRecord& record) {
  const auto run = std::find_if(m_runs.begin(), m_runs.end(), [runId](const ComparedRun& r) {
    return r.details.summary.id == runId;
  });
  const int row = rowOf(runId);
  if (run == m_runs.end() || row < 0 || !isTraining(*run) ||
      (!run->epochs.empty() && record.epoch <= run->epochs.back().epoch))
    return;
  run->epochs.push_back(record);
  fillRow(row, *run);
  if (m_sortColumn >= 0)
    sortRows(m_sortColumn, m_sortOrder);
}

void ComparisonTable::fillRow(int row, const ComparedRun& run) {
  for (int column = 0; column < kColumnCount; ++column)
    delete takeItem(row, column);
  const storage::RunSummary& s = run.details.summary;
  auto* name = numberCell(QString("#%1 %2").arg(s.id).arg(QString::fromStdString(s.model)),
                          static_cast<double>(s.id));
  name->setData(kRunIdRole, static_cast<qlonglong>(s.id));
  name->setTextAlignment(Qt::AlignLeft | Qt::AlignVCenter);
  name->setForeground(run.color);
  name->setToolTip(tr("%1, %2").arg(kindText(s.kind), statusText(s.status)));
  setItem(row, kRun, name);
  setItem(row, kStatus, textCell(statusText(s.status)));
  if (const auto& range = run.details.range) {
    setItem(row, kLower, numberCell(lrText(range->lower), range->lower));
    setItem(row, kUpper, numberCell(lrText(range->upper), range->upper));
    setItem(row, kRangeSource, textCell(QString::fromStdString(range->source)));
  }
  if (!isTraining(run))
    return;
  setItem(row, kPeakLr,
          s.peakLr ? numberCell(lrShortText(*s.peakLr), *s.peakLr)
                   : missingCell(tr("The config names no peak LR")));
  setItem(row, kSchedule,
          run.schedule.isEmpty() ? missingCell(tr("The config cannot be read"))
                                 : textCell(run.schedule));
  const int finished = static_cast<int>(run.epochs.size());
  setItem(row, kEpochs,
          numberCell(run.plannedEpochs <= 0 || run.plannedEpochs == finished
                         ? QString::number(finished)
                         : tr("%1 of %2").arg(finished).arg(run.plannedEpochs),
                     finished));
  if (run.epochs.empty())
    setItem(row, kTestAccuracy, missingCell(tr("No epoch finished")));
  else if (!std::isfinite(run.epochs.back().testAccuracy))
    setItem(row, kTestAccuracy, missingCell(tr("No test split")));
  else {
    QTableWidgetItem* accuracy =
        numberCell(percentText(run.epochs.back().testAccuracy), run.epochs.back().testAccuracy);
    accuracy->setToolTip(tr("After epoch %1").arg(run.epochs.back().epoch + 1));
    setItem(row, kTestAccuracy, accuracy);
  }
  // A run still training has no duration yet: the time of its epochs so far.
  const bool running = s.status == engine::StoredStatus::Running;
  const double seconds =
      running ? (run.epochs.empty() ? 0.0 : run.epochs.back().wallSeconds) : s.durationSeconds;
  setItem(row, kWallTime,
          numberCell(running ? tr("%1 so far").arg(durationText(seconds)) : durationText(seconds),
                     seconds));
}

void ComparisonTable::sortRows(int column, Qt::SortOrder order) {
  m_sortColumn = column;
  m_sortOrder = order;
  std::vector<std::vector<QTableWidgetItem*>> rows(static_cast<std::size_t>(rowCount()));
  for (int row = 0; row < rowCount(); ++row)
    for (int c = 0; c < kColumnCount; ++c)
      rows[static_cast<std::size_t>(row)].push_back(takeItem(row, c));
  std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
    return sortsBefore(a[static_cast<std::size_t>(column)], b[static_cast<std::size_t>(column)],
                       order);
  });
  for (int row = 0; row < rowCount(); ++row)
    for (int c = 0; c < kColumnCount; ++c)
      setItem(row, c, rows[static_cast<std::size_t>(row)][static_cast<std::size_t>(c)]);
  markSortedColumn();
}

int ComparisonTable::rowOf(int64_t runId) const {
  for (int row = 0; row < rowCount(); ++row)
    if (item(row, kRun) != nullptr && item(row, kRun)->data(kRunIdRole).toLongLong() == runId)
      return row;
  return -1;
}

std::optional<QString> ComparisonTable::cellText(int64_t runId, const QString& column) const {
  const int row = rowOf(runId);
  for (int c = 0; c < columnCount(); ++c)
    if (row >= 0 && !isColumnHidden(c) && m_columns[c] == column)
      return item(row, c) != nullptr ? item(row, c)->text() : QString();
  return std::nullopt;
}

QStringList ComparisonTable::shownColumns() const {
  QStringList shown;
  for (int c = 0; c < columnCount(); ++c)
    if (!isColumnHidden(c))
      shown.append(m_columns[c]);
  return shown;
}

std::vector<int64_t> ComparisonTable::rowRuns() const {
  std::vector<int64_t> runs;
  for (int row = 0; row < rowCount(); ++row)
    runs.push_back(item(row, kRun)->data(kRunIdRole).toLongLong());
  return runs;
}

void ComparisonTable::markSortedColumn() {
  for (int c = 0; c < columnCount(); ++c) {
    const QString mark =
        m_sortOrder == Qt::AscendingOrder ? QStringLiteral(" ▴") : QStringLiteral(" ▾");
    horizontalHeaderItem(c)->setText(c == m_sortColumn ? m_columns[c] + mark : m_columns[c]);
  }
}

} // namespace lrscope::ui
