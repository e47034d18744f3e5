#include "editing/range_edit_command.h"

#include "number_format.h"

#include "lrscope/storage/storage_error.h"

#include <QCoreApplication>

namespace lrscope::ui {

RangeEditCommand::RangeEditCommand(storage::RunDatabase& database, int64_t runId,
                                   std::optional<storage::StoredRange> before,
                                   storage::RangeBounds picked, Applied applied)
    : m_database(database), m_runId(runId), m_before(std::move(before)), m_picked(picked),
      m_applied(std::move(applied)) {
  setText(QCoreApplication::translate("RangeEditCommand", "range %1 .. %2 of run #%3")
              .arg(lrText(picked.lower), lrText(picked.upper))
              .arg(runId));
}

RangeEditCommand::RangeEditCommand(storage::RunDatabase& database, int64_t runId,
                                   std::optional<storage::StoredRange> before, Applied applied)
    : m_database(database), m_runId(runId), m_before(std::move(before)),
      m_applied(std::move(applied)) {
  setText(QCoreApplication::translate("RangeEditCommand", "reset range of run #%1").arg(runId));
}

template <typename Change> void RangeEditCommand::apply(Change&& change) {
  // Undo and redo run inside Qt's event handling: an exception must not escape them.
  try {
    change();
    m_applied(m_runId, m_database.loadRun(m_runId).range, QString());
  } catch (const storage::StorageError& error) {
    m_applied(m_runId, std::nullopt, QString::fromStdString(error.what()));
  }
}

void RangeEditCommand::redo() {
  apply([this] {
    if (m_picked) {
      m_database.setManualRange(m_runId, m_picked->lower, m_picked->upper);
    } else {
      (void)m_database.resetRangeToAuto(m_runId);
    }
  });
}

void RangeEditCommand::undo() {
  apply([this] { restore(m_before); });
}

void RangeEditCommand::restore(const std::optional<storage::StoredRange>& range) {
  if (range && range->source == "manual") {
    m_database.setManualRange(m_runId, range->lower, range->upper);
  } else {
    // Automatic before (or none at all, when the rules found none): the reset restores it.
    (void)m_database.resetRangeToAuto(m_runId);
  }
}

} // namespace lrscope::ui
