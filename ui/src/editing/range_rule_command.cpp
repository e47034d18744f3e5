#include "editing/range_rule_command.h"

#include "lrscope/storage/suggestions_again.h"

#include <QCoreApplication>

#include <exception>

namespace lrscope::ui {

RangeRuleCommand::RangeRuleCommand(storage::RunDatabase& database, int64_t runId, int versionBefore,
                                   int version, RangeEditCommand::Applied applied)
    : m_database(database), m_runId(runId), m_versionBefore(versionBefore), m_version(version),
      m_applied(std::move(applied)) {
  setText(QCoreApplication::translate("RangeRuleCommand", "range rule v%1 for run #%2")
              .arg(version)
              .arg(runId));
}

bool RangeRuleCommand::apply(int version) {
  // Undo and redo run inside Qt's event handling: an exception must not escape them.
  try {
    (void)storage::saveSuggestionsAgain(m_database, m_runId, version);
    m_applied(m_runId, m_database.loadRun(m_runId).range, QString());
    return true;
  } catch (const std::exception& error) {
    m_applied(m_runId, std::nullopt, QString::fromStdString(error.what()));
    return false;
  }
}

void RangeRuleCommand::redo() {
  // Refused at once (nothing was stored): no step for Undo to take back.
  if (!apply(m_version))
    setObsolete(true);
}

void RangeRuleCommand::undo() {
  (void)apply(m_versionBefore);
}

} // namespace lrscope::ui
