#pragma once

#include "editing/range_edit_command.h"

#include "lrscope/storage/run_database.h"

#include <QUndoCommand>

namespace lrscope::ui {

/// The automatic range of a range test or imported curve found again with another version of
/// the range rule, and stored; undo finds it again with the version before. A range picked by
/// hand stays picked. A run the rule cannot be applied to again (an audit's range test, no
/// steps) reports the one-line reason and leaves no command on the stack.
class RangeRuleCommand : public QUndoCommand {
public:
  RangeRuleCommand(storage::RunDatabase& database, int64_t runId, int versionBefore, int version,
                   RangeEditCommand::Applied applied);

  void redo() override;
  void undo() override;

private:
  /// Finds and stores the range with `version`, then reports it (or the error) through m_applied.
  /// Returns false on an error.
  bool apply(int version);

  storage::RunDatabase& m_database;
  int64_t m_runId;
  int m_versionBefore;
  int m_version;
  RangeEditCommand::Applied m_applied;
};

} // namespace lrscope::ui
