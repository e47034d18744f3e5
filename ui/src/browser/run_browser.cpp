#include "browser/run_browser.h"

#include "run_labels.h"

#include "lrscope/storage/storage_error.h"

#include <QDateTime>
#include <QEvent>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QSet>
#include <QStandardItemModel>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace lrscope::ui {
namespace {

enum Role { kRunIdRole = Qt::UserRole + 1, kExperimentIdRole, kExperimentNameRole };
enum Column { kName, kStatus, kData, kModel, kLr, kStarted, kTags, kColumnCount };

QColor statusColor(engine::StoredStatus status) {
  switch (status) {
  case engine::StoredStatus::Completed:
    return QColor(46, 125, 50);
  case engine::StoredStatus::Running:
    return QColor(21, 101, 192);
  case engine::StoredStatus::Diverged:
    return QColor(230, 81, 0);
  case engine::StoredStatus::Failed:
  case engine::StoredStatus::Interrupted:
    return QColor(198, 40, 40);
  case engine::StoredStatus::Cancelled:
  case engine::StoredStatus::Unknown:
    break;
  }
  return QColor(97, 97, 97);
}

/// "12-06 17:26" for a run of this year, "2025-12-06" for an older one: short enough that every
/// column fits the pane; the whole time is the cell's tooltip.
QString startedText(const std::string& startedAt) {
  const QDateTime started = QDateTime::fromString(QString::fromStdString(startedAt), Qt::ISODate);
  if (!started.isValid())
    return QString::fromStdString(startedAt);
  const bool thisYear = started.date().year() == QDateTime::currentDateTimeUtc().date().year();
  return started.toUTC().toString(thisYear ? QStringLiteral("MM-dd HH:mm")
                                           : QStringLiteral("yyyy-MM-dd"));
}

} // namespace

RunBrowser::RunBrowser(QWidget* parent)
    : QWidget(parent), m_filter(new QLineEdit), m_view(new QTreeView),
      m_model(new QStandardItemModel(0, kColumnCount, this)) {
  m_filter->setObjectName("runFilter");
  m_filter->setPlaceholderText(tr("Filter runs: data set, model, status, tag, notes…"));
  m_filter->setClearButtonEnabled(true);
  m_model->setHorizontalHeaderLabels(
      {tr("Run"), tr("Status"), tr("Data"), tr("Model"), tr("LR"), tr("Started"), tr("Tags")});
  m_model->horizontalHeaderItem(kLr)->setToolTip(
      tr("The picked range of a range test, the peak LR of a training run"));
  m_model->horizontalHeaderItem(kStarted)->setToolTip(tr("When the run started, in UTC"));
  m_view->setObjectName("runTree");
  m_view->setModel(m_model);
  m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
  m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_view->setUniformRowHeights(true);
  m_view->setAlternatingRowColors(true);
  m_view->setContextMenuPolicy(Qt::CustomContextMenu);
  m_view->header()->setStretchLastSection(true);
  m_view->header()->setSectionsMovable(true);
  m_view->viewport()->installEventFilter(this);
  connect(m_view->header(), &QHeaderView::sectionResized, this, [this](int column) {
    // The last column stretches with the pane by itself; the others the user sized stay.
    if (!m_fitting && column != kColumnCount - 1)
      m_columnsSet = true;
  });

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_filter);
  layout->addWidget(m_view, 1);

  // Typing filters after a short pause, so each key does not query the database.
  auto* filterDelay = new QTimer(this);
  filterDelay->setSingleShot(true);
  filterDelay->setInterval(150);
  connect(m_filter, &QLineEdit::textChanged, filterDelay, qOverload<>(&QTimer::start));
  connect(filterDelay, &QTimer::timeout, this, &RunBrowser::reload);
  connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          [this](const QItemSelection& selected, const QItemSelection& deselected) {
            for (const QModelIndex& index : deselected.indexes())
              if (index.column() == 0)
                m_selectionOrder.removeAll(index.data(kRunIdRole).toLongLong());
            for (const QModelIndex& index : selected.indexes())
              if (index.column() == 0 && index.data(kRunIdRole).isValid())
                m_selectionOrder.append(index.data(kRunIdRole).toLongLong());
            emitSelection();
          });
  connect(m_view, &QTreeView::customContextMenuRequested, this, [this](const QPoint& position) {
    Q_EMIT contextMenuRequested(m_view->viewport()->mapToGlobal(position));
  });
}

void RunBrowser::setDatabase(storage::RunDatabase* database) {
  m_database = database;
  m_selectionOrder.clear();
  reload();
}

void RunBrowser::reload() {
  if (m_database == nullptr) {
    fill({}, {});
    return;
  }
  storage::RunFilter filter;
  filter.text = m_filter->text().trimmed().toStdString();
  try {
    fill(m_database->listExperiments(), m_database->listRuns(filter));
  } catch (const storage::StorageError& error) {
    Q_EMIT message(QString::fromStdString(error.what()));
  }
}

void RunBrowser::fill(const std::vector<storage::ExperimentSummary>& experiments,
                      const std::vector<storage::RunSummary>& runs) {
  const QList<qint64> selection = m_selectionOrder;
  QSet<QString> collapsed;
  for (int row = 0; row < m_model->rowCount(); ++row) {
    const QModelIndex index = m_model->index(row, 0);
    if (!m_view->isExpanded(index))
      collapsed.insert(index.data(kExperimentNameRole).toString());
  }
  const QSignalBlocker blockSelection(m_view->selectionModel());
  m_model->removeRows(0, m_model->rowCount());

  const bool filtering = !m_filter->text().trimmed().isEmpty();
  for (const storage::ExperimentSummary& experiment : experiments) {
    const QString name = QString::fromStdString(experiment.name);
    QList<QStandardItem*> row;
    auto* header = new QStandardItem(name);
    header->setData(QVariant::fromValue<qint64>(experiment.id), kExperimentIdRole);
    header->setData(name, kExperimentNameRole);
    QFont bold = header->font();
    bold.setBold(true);
    header->setFont(bold);
    row.append(header);
    for (int column = 1; column < kColumnCount; ++column)
      row.append(new QStandardItem);
    int shown = 0;
    for (const storage::RunSummary& run : runs) {
      if (run.experiment != experiment.name)
        continue;
      QList<QStandardItem*> cells;
      cells.append(new QStandardItem(runListName(run)));
      auto* status = new QStandardItem(statusText(run.status));
      status->setForeground(statusColor(run.status));
      cells.append(status);
      cells.append(new QStandardItem(dataLabel(run.dataset)));
      cells.append(new QStandardItem(QString::fromStdString(run.model)));
      auto* lr = new QStandardItem(runLrText(run));
      lr->setToolTip(lr->text()); // whole, where the pane elides it
      cells.append(lr);
      auto* started = new QStandardItem(startedText(run.startedAt));
      started->setToolTip(QString::fromStdString(run.startedAt));
      cells.append(started);
      QStringList tags;
      for (const std::string& tag : run.tags)
        tags.append(QString::fromStdString(tag));
      cells.append(new QStandardItem(tags.join(", ")));
      for (QStandardItem* cell : cells) {
        cell->setData(QVariant::fromValue<qint64>(run.id), kRunIdRole);
        cell->setData(QVariant::fromValue<qint64>(experiment.id), kExperimentIdRole);
        cell->setData(name, kExperimentNameRole);
        if (cell->toolTip().isEmpty())
          cell->setToolTip(QString::fromStdString(run.dataset));
      }
      header->appendRow(cells);
      ++shown;
    }
    if (filtering && shown == 0)
      continue; // a filter hides experiments with nothing that matches
    header->setText(QString("%1 (%2)").arg(name).arg(shown));
    m_model->appendRow(row);
    if (!collapsed.contains(name))
      m_view->setExpanded(header->index(), true);
  }
  // listRuns gives the newest first.
  m_newestRunId = runs.empty() ? std::nullopt : std::optional<qint64>(runs.front().id);
  fitColumns();

  // The same runs stay selected; only a selection that changed (a run gone) is announced, so
  // a reload does not make the window load and draw the same runs again.
  m_selectionOrder.clear();
  applySelection(selection);
  if (m_selectionOrder != selection)
    emitSelection();
}

QList<qint64> RunBrowser::selectedRunIds() const {
  return m_selectionOrder;
}

void RunBrowser::selectRuns(const QList<qint64>& runIds) {
  applySelection(runIds);
  emitSelection();
}

void RunBrowser::applySelection(const QList<qint64>& runIds) {
  QItemSelection selection;
  QModelIndex last;
  for (const qint64 id : runIds) {
    for (int row = 0; row < m_model->rowCount(); ++row) {
      const QStandardItem* experiment = m_model->item(row, 0);
      for (int child = 0; child < experiment->rowCount(); ++child) {
        const QModelIndex index = experiment->child(child, 0)->index();
        if (index.data(kRunIdRole).toLongLong() == id) {
          selection.select(index, index.siblingAtColumn(kColumnCount - 1));
          last = index;
        }
      }
    }
  }
  {
    const QSignalBlocker block(m_view->selectionModel());
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    if (last.isValid())
      m_view->selectionModel()->setCurrentIndex(last, QItemSelectionModel::NoUpdate);
  }
  m_selectionOrder.clear();
  for (const qint64 id : runIds)
    for (const QModelIndex& index : selection.indexes())
      if (index.column() == 0 && index.data(kRunIdRole).toLongLong() == id &&
          !m_selectionOrder.contains(id))
        m_selectionOrder.append(id);
  if (last.isValid())
    m_view->scrollTo(last);
}

QString RunBrowser::currentExperiment() const {
  return m_view->currentIndex().data(kExperimentNameRole).toString();
}

qint64 RunBrowser::currentExperimentId() const {
  const QVariant id = m_view->currentIndex().data(kExperimentIdRole);
  return id.isValid() ? id.toLongLong() : -1;
}

int RunBrowser::visibleRunCount() const {
  int count = 0;
  for (int row = 0; row < m_model->rowCount(); ++row)
    count += m_model->item(row, 0)->rowCount();
  return count;
}

QByteArray RunBrowser::columnState() const {
  return m_view->header()->saveState();
}

void RunBrowser::restoreColumnState(const QByteArray& state) {
  m_fitting = true;
  m_columnsSet = m_view->header()->restoreState(state);
  m_fitting = false;
}

void RunBrowser::fitColumns() {
  if (m_columnsSet)
    return;
  m_fitting = true;
  QHeaderView* header = m_view->header();
  for (int column = 0; column < kColumnCount - 1; ++column)
    m_view->resizeColumnToContents(column);
  // The stretched last column keeps the width it was given as its least: give it the least.
  header->resizeSection(kColumnCount - 1, header->minimumSectionSize());
  // Narrow the columns that say least about a run first (their text is elided), each to no
  // less than a short word; the run's name last.
  const int available = m_view->viewport()->width();
  const int minimum = header->fontMetrics().horizontalAdvance(QStringLiteral("Model")) + 16;
  const auto total = [&] {
    int sum = 0;
    for (int column = 0; column < kColumnCount - 1; ++column)
      sum += header->sectionSize(column);
    // The last column (tags) stretches into what is left, down to its least width.
    return sum + header->minimumSectionSize();
  };
  for (const int column : {kData, kStatus, kModel, kStarted, kLr, kName}) {
    const int excess = total() - available;
    if (excess <= 0)
      break;
    const int size = header->sectionSize(column);
    header->resizeSection(column, std::max(std::min(size, minimum), size - excess));
  }
  m_fitting = false;
}

bool RunBrowser::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_view->viewport() && event->type() == QEvent::Resize)
    fitColumns();
  return QWidget::eventFilter(watched, event);
}

void RunBrowser::emitSelection() {
  Q_EMIT selectionChanged(m_selectionOrder);
}

} // namespace lrscope::ui
