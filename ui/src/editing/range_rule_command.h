#pragma once

#include "lrscope/engine/lr_range_rule.h"
#include "lrscope/engine/suggestion_rules.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/suggestions_again.h"

#include <QString>
#include <QUndoCommand>

#include <functional>
#include <optional>
#include <vector>

namespace lrscope::ui {

/// The suggestions and automatic range of a range test or imported curve, found again with
/// another version of the range rule (storage::findSuggestionsAgain), stored; undo stores again
/// what was stored before (whatever version found it, version 1 too). A range picked by hand
/// stays picked. A store the database refuses reports the one-line reason and leaves no command
/// on the stack.
class RangeRuleCommand : public QUndoCommand {
public:
  /// Called after every redo and undo, with the one-line error when nothing was stored.
  using Applied = std::function<void(int64_t runId, const QString& error)>;

  /// `before` is the run as stored now; `found` what `version` finds on its curve.
  RangeRuleCommand(storage::RunDatabase& database, const storage::RunDetails& before,
                   const storage::SuggestionsFoundAgain& found, int version, Applied applied);

  void redo() override;
  void undo() override;

private:
  /// Runs change, then reports through m_applied; false when it threw.
  template <typename Change> bool apply(Change&& change);

  storage::RunDatabase& m_database;
  int64_t m_runId;
  std::vector<engine::Suggestion> m_suggestions;
  std::optional<engine::LrRange> m_automatic; ///< none: the version found no range
  std::vector<engine::Suggestion> m_suggestionsBefore;
  std::optional<engine::LrRange> m_automaticBefore; ///< none: the rules had found no range
  Applied m_applied;
};

} // namespace lrscope::ui
