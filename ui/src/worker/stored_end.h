#pragma once

// How every worker job ends in the database: the job's own outcome when it ran, its failure
// when it threw, and when storing itself fails, the run abandoned (not left `running`) with a
// message that says so.
#include "worker/exception_text.h"

#include "lrscope/engine/stored_status.h"

#include <QString>

#include <string>

namespace lrscope::ui {

/// The status and one-line message the window is told when a job ends.
struct StoredEnd {
  engine::StoredStatus status = engine::StoredStatus::Failed;
  QString message;
};

/// `complete()` stores the job's outcome and returns what to tell the window; it runs only when
/// `failure` is empty, else the run is abandoned with the failure. `stored` has abandon(string).
template <typename Stored, typename Complete>
StoredEnd storeEnd(Stored& stored, const QString& failure, Complete complete) {
  StoredEnd end;
  try {
    if (failure.isEmpty())
      return complete();
    end = {engine::StoredStatus::Failed, failure};
    stored.abandon(failure.toStdString());
  } catch (...) {
    end.status = engine::StoredStatus::Failed;
    end.message = (end.message.isEmpty() ? QString() : end.message + QStringLiteral("; ")) +
                  QStringLiteral("could not store the run: ") + currentExceptionText();
    try {
      stored.abandon(end.message.toStdString()); // at least not left `running`
    } catch (...) {
      // The database is unusable; the message says so.
    }
  }
  return end;
}

} // namespace lrscope::ui
