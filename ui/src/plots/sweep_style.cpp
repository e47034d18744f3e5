#include "plots/sweep_style.h"

#include "plots/log_ticker.h"
#include "plots/plotted_run.h"
#include "run_labels.h"

#include <algorithm>
#include <cmath>

namespace lrscope::ui {

QColor sweepGrey() {
  return QColor(158, 158, 158);
}

SweepCandidateStyle sweepCandidateStyle(const storage::SweepCandidateRun& candidate, int index) {
  SweepCandidateStyle style;
  switch (candidate.status) {
  case engine::CandidateStatus::Best:
    // One strong colour for the winner: once a sweep is decided, nothing else is in colour.
    style.best = true;
    style.color = QColor(46, 125, 50);
    style.pen = QPen(style.color, 3.0);
    break;
  case engine::CandidateStatus::Eliminated:
    style.greyed = true;
    style.color = sweepGrey();
    style.pen = QPen(style.color, 1.2);
    break;
  case engine::CandidateStatus::Diverged:
    style.greyed = true;
    style.color = sweepGrey();
    style.pen = QPen(style.color, 1.2, Qt::DashLine);
    break;
  case engine::CandidateStatus::Running:
    style.color = runColor(index);
    style.pen = QPen(style.color, 2.0);
    break;
  }
  return style;
}

QString sweepOutcomeText(const storage::SweepCandidateRun& candidate) {
  switch (candidate.status) {
  case engine::CandidateStatus::Best:
    return QObject::tr("best");
  case engine::CandidateStatus::Diverged:
    return QObject::tr("diverged at rung %1").arg(candidate.rung);
  case engine::CandidateStatus::Eliminated: {
    // The rung first, then the reason without it.
    const QString reason = QString::fromStdString(candidate.reasonWithoutRung);
    return reason.isEmpty()
               ? QObject::tr("eliminated at rung %1").arg(candidate.rung)
               : QObject::tr("eliminated at rung %1: %2").arg(candidate.rung).arg(reason);
  }
  case engine::CandidateStatus::Running:
    break;
  }
  if (candidate.runStatus == engine::StoredStatus::Running)
    return QObject::tr("racing");
  return statusText(candidate.runStatus);
}

QString sweepLrText(double lr) {
  return LogTicker::label(lr);
}

} // namespace lrscope::ui
