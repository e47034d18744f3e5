#pragma once

// What RunQueue's signals carried, read from QSignalSpy rows by name rather than by position.
// runStarted(ticket, kind, runId, totalSteps, title); runFinished(ticket, kind, runId, status,
// message); runRejected(ticket, kind, why, message).

#include "lrscope/engine/run_kind.h"
#include "lrscope/engine/stored_status.h"

#include <QList>
#include <QString>
#include <QVariant>

namespace lrscope::ui {

using Signal = QList<QVariant>;

inline int ticketOf(const Signal& signal) {
  return signal.at(0).toInt();
}
inline engine::RunKind kindOf(const Signal& signal) {
  return signal.at(1).value<engine::RunKind>();
}
inline qint64 startedRunId(const Signal& started) {
  return started.at(2).toLongLong();
}
inline int startedTotalSteps(const Signal& started) {
  return started.at(3).toInt();
}
inline QString startedTitle(const Signal& started) {
  return started.at(4).toString();
}
inline qint64 finishedRunId(const Signal& finished) {
  return finished.at(2).toLongLong();
}
inline engine::StoredStatus finishedStatus(const Signal& finished) {
  return finished.at(3).value<engine::StoredStatus>();
}
inline QString finishedMessage(const Signal& finished) {
  return finished.at(4).toString();
}
inline QString rejectedMessage(const Signal& rejected) {
  return rejected.at(3).toString();
}

} // namespace lrscope::ui
