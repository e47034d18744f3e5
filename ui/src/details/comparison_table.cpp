#include "details/comparison_table.h"

#include "number_format.h"
#include "run_labels.h"
#include "stored_config.h"

#include "lrscope/engine/lr_schedule.h"

#include <QHeaderView>

#include <algorithm>
#include <cmath>
#include <optional>

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

/// The role holding a cell's value to sort by; a cell without one sorts after those with one.
constexpr int kSortRole = Qt::UserRole;

/// A cell that sorts by its value (a number) rather than by its text.
class ValueItem : public QTableWidgetItem {
public:
  ValueItem(const QString& text, std::optional<double> value) : QTableWidgetItem(text) {
    if (value)
      setData(kSortRole, *value);
  }
  bool operator<(const QTableWidgetItem& other) const override {
    const QVariant mine = data(kSortRole);
    const QVariant theirs = other.data(kSortRole);
    if (mine.isValid() != theirs.isValid())
      return mine.isValid();
    if (!mine.isValid())
      return text() < other.text();
    return mine.toDouble() < theirs.toDouble();
  }
};

QTableWidgetItem* valueCell(const QString& text, std::optional<double> value) {
  auto* item = new ValueItem(text, value);
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

QTableWidgetItem* textCell(const QString& text) {
  return new ValueItem(text, std::nullopt);
}

bool isTraining(const ComparedRun& run) {
  return run.details.summary.kind == engine::RunKind::Training;
}

} // namespace

ComparisonTable::ComparisonTable(QWidget* parent) : QTableWidget(0, kColumnCount, parent) {
  setObjectName("comparisonTable");
  setHorizontalHeaderLabels({tr("run"), tr("status"), tr("lower"), tr("upper"), tr("range"),
                             tr("peak LR"), tr("schedule"), tr("epochs"), tr("test acc."),
                             tr("time")});
  horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  horizontalHeader()->setStretchLastSection(true);
  horizontalHeaderItem(kTestAccuracy)->setToolTip(tr("Test accuracy after the last epoch"));
  horizontalHeaderItem(kRangeSource)->setToolTip(tr("Where the picked range came from"));
  horizontalHeaderItem(kEpochs)->setToolTip(tr("Epochs finished, of those planned"));
  horizontalHeaderItem(kWallTime)->setToolTip(tr("Wall time"));
  verticalHeader()->setVisible(false);
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setSelectionMode(QAbstractItemView::NoSelection);
  enableSorting();
  connect(horizontalHeader(), &QHeaderView::sortIndicatorChanged, this,
          &ComparisonTable::markSortedColumn);
}

void ComparisonTable::enableSorting() {
  setSortingEnabled(true);
  // Qt's arrow widens every header by its height, which the narrow details pane cannot spare:
  // the sorted column's header gets an arrow character instead (markSortedColumn).
  horizontalHeader()->setSortIndicatorShown(false);
}

void ComparisonTable::markSortedColumn(int sorted, Qt::SortOrder order) {
  for (int c = 0; c < columnCount(); ++c) {
    QString text = headerText(c);
    if (c == sorted)
      text += order == Qt::AscendingOrder ? QStringLiteral(" ▴") : QStringLiteral(" ▾");
    horizontalHeaderItem(c)->setText(text);
  }
}

void ComparisonTable::showRuns(const std::vector<ComparedRun>& runs) {
  setSortingEnabled(false); // rows stay where they are put while they are filled
  clearContents();
  setRowCount(static_cast<int>(runs.size()));
  for (int row = 0; row < static_cast<int>(runs.size()); ++row) {
    const ComparedRun& run = runs[static_cast<std::size_t>(row)];
    const storage::RunSummary& s = run.details.summary;
    auto* name = valueCell(QString("#%1 %2").arg(s.id).arg(QString::fromStdString(s.model)),
                           static_cast<double>(s.id));
    name->setTextAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    name->setForeground(run.color);
    name->setToolTip(tr("%1, %2").arg(kindText(s.kind), statusText(s.status)));
    setItem(row, kRun, name);
    setItem(row, kStatus, textCell(statusText(s.status)));
    if (const auto& range = run.details.range) {
      setItem(row, kLower, valueCell(lrText(range->lower), range->lower));
      setItem(row, kUpper, valueCell(lrText(range->upper), range->upper));
      setItem(row, kRangeSource, textCell(QString::fromStdString(range->source)));
    }
    if (!isTraining(run))
      continue;
    setItem(row, kPeakLr,
            s.peakLr ? valueCell(lrShortText(*s.peakLr), *s.peakLr) : textCell(missingText()));
    const std::optional<engine::TrainConfig> config = trainConfigOf(run.details);
    setItem(row, kSchedule,
            textCell(config ? QString::fromStdString(engine::toString(config->schedule.kind))
                            : missingText()));
    const int finished = static_cast<int>(run.epochs.size());
    setItem(row, kEpochs,
            valueCell(!config || config->epochs == finished
                          ? QString::number(finished)
                          : tr("%1 of %2").arg(finished).arg(config->epochs),
                      finished));
    const bool tested = !run.epochs.empty() && std::isfinite(run.epochs.back().testAccuracy);
    QTableWidgetItem* accuracy = tested ? valueCell(percentText(run.epochs.back().testAccuracy),
                                                    run.epochs.back().testAccuracy)
                                        : valueCell(missingText(), std::nullopt);
    accuracy->setToolTip(run.epochs.empty() ? tr("No epoch finished")
                         : tested           ? tr("After epoch %1").arg(run.epochs.back().epoch + 1)
                                            : tr("No test split"));
    setItem(row, kTestAccuracy, accuracy);
    // A run still training has no duration yet: the time of its epochs so far.
    const bool running = s.status == engine::StoredStatus::Running;
    const double seconds =
        running ? (run.epochs.empty() ? 0.0 : run.epochs.back().wallSeconds) : s.durationSeconds;
    setItem(row, kWallTime,
            valueCell(running ? tr("%1 so far").arg(durationText(seconds)) : durationText(seconds),
                      seconds));
  }
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
  // Cells of a kind's column that a run of another kind has no value for.
  for (int row = 0; row < rowCount(); ++row)
    for (int column = 0; column < kColumnCount; ++column)
      if (item(row, column) == nullptr)
        setItem(row, column, textCell(QString()));
  horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder); // rows as given
  enableSorting();
}

QString ComparisonTable::cellText(int64_t runId, const QString& column) const {
  for (int c = 0; c < columnCount(); ++c) {
    if (isColumnHidden(c) || headerText(c) != column)
      continue;
    for (int row = 0; row < rowCount(); ++row)
      if (item(row, kRun) != nullptr && item(row, kRun)->data(kSortRole).toLongLong() == runId)
        return item(row, c)->text();
  }
  return QString();
}

QString ComparisonTable::headerText(int column) const {
  QString text = horizontalHeaderItem(column)->text();
  if (text.endsWith(QStringLiteral(" ▴")) || text.endsWith(QStringLiteral(" ▾")))
    text.chop(2);
  return text;
}

QStringList ComparisonTable::shownColumns() const {
  QStringList shown;
  for (int c = 0; c < columnCount(); ++c)
    if (!isColumnHidden(c))
      shown.append(headerText(c));
  return shown;
}

} // namespace lrscope::ui
