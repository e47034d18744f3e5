#pragma once

#include "lrscope/storage/run_database.h"

#include <QUndoCommand>

#include <functional>
#include <optional>

namespace lrscope::ui {

/// One change of a run's picked range, stored at once and undoable: a manual pick (dragged
/// markers, typed fields, a clicked suggestion) or a reset to the automatic range.
class RangeEditCommand : public QUndoCommand {
public:
  /// Called after every redo and undo with the run's range as now stored, or with the one-line
  /// error when the database refused the change (the range is then as it was).
  using Applied = std::function<void(int64_t runId, const std::optional<storage::StoredRange>&,
                                     const QString& error)>;

  /// A manual pick; before is the range stored now.
  RangeEditCommand(storage::RunDatabase& database, int64_t runId,
                   std::optional<storage::StoredRange> before, storage::RangeBounds picked,
                   Applied applied);
  /// A reset to the automatic range.
  RangeEditCommand(storage::RunDatabase& database, int64_t runId,
                   std::optional<storage::StoredRange> before, Applied applied);

  void redo() override;
  void undo() override;

private:
  void restore(const std::optional<storage::StoredRange>& range);
  /// Runs change, then reports the stored range (or the error) through m_applied.
  template <typename Change> void apply(Change&& change);

  storage::RunDatabase& m_database;
  int64_t m_runId;
  std::optional<storage::StoredRange> m_before;
  std::optional<storage::RangeBounds> m_picked; ///< none: reset to automatic
  Applied m_applied;
};

} // namespace lrscope::ui
