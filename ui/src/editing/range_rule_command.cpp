#include "editing/range_rule_command.h"

#include "details/rule_record_text.h"

#include <QCoreApplication>

#include <exception>
#include <utility>

namespace lrscope::ui {
namespace {

/// The automatic range as stored, to store again: the automatic bounds under a pick by hand.
std::optional<engine::LrRange> automaticRange(const std::optional<storage::StoredRange>& range) {
  if (!range || range->rule.empty())
    return std::nullopt;
  const storage::RangeBounds bounds =
      range->automatic ? *range->automatic : storage::RangeBounds{range->lower, range->upper};
  return engine::LrRange{bounds.lower, bounds.upper, ruleNameOf(range->rule),
                         ruleVersionOf(range->rule)};
}

} // namespace

RangeRuleCommand::RangeRuleCommand(storage::RunDatabase& database,
                                   const storage::RunDetails& before,
                                   const storage::SuggestionsFoundAgain& found, int version,
                                   Applied applied)
    : m_database(database), m_runId(before.summary.id), m_suggestions(found.suggestions),
      m_automatic(found.range.range), m_suggestionsBefore(before.suggestions),
      m_automaticBefore(automaticRange(before.range)), m_applied(std::move(applied)) {
  setText(QCoreApplication::translate("RangeRuleCommand", "range rule v%1 for run #%2")
              .arg(version)
              .arg(m_runId));
}

template <typename Change> bool RangeRuleCommand::apply(Change&& change) {
  // Undo and redo run inside Qt's event handling: an exception must not escape them.
  try {
    change();
    m_applied(m_runId, QString());
    return true;
  } catch (const std::exception& error) {
    m_applied(m_runId, QString::fromStdString(error.what()));
    return false;
  }
}

void RangeRuleCommand::redo() {
  // Refused (nothing was stored): no step for Undo to take back.
  if (!apply([this] { m_database.saveSuggestions(m_runId, m_suggestions, m_automatic); }))
    setObsolete(true);
}

void RangeRuleCommand::undo() {
  (void)apply(
      [this] { m_database.saveSuggestions(m_runId, m_suggestionsBefore, m_automaticBefore); });
}

} // namespace lrscope::ui
