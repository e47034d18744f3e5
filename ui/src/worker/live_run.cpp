#include "worker/live_run.h"

#include "worker/run_queue.h"

#include <algorithm>

namespace lrscope::ui {

LiveRun::LiveRun(QObject* parent) : QObject(parent) {}

void LiveRun::follow(const RunQueue& queue) {
  connect(&queue, &RunQueue::runPreparing, this, &LiveRun::preparing);
  connect(&queue, &RunQueue::runStarted, this, &LiveRun::started);
  connect(&queue, &RunQueue::stepsArrived, this, &LiveRun::addSteps);
  connect(&queue, &RunQueue::epochArrived, this, &LiveRun::addEpoch);
  connect(&queue, &RunQueue::eventArrived, this, &LiveRun::addEvent);
  connect(&queue, &RunQueue::sweepProgress, this, &LiveRun::updateSweep);
  connect(&queue, &RunQueue::runFinished, this, &LiveRun::finish);
  connect(&queue, &RunQueue::runRejected, this, &LiveRun::reject);
}

void LiveRun::preparing(int ticket, engine::RunKind kind, const QString& title) {
  clear();
  m_ticket = ticket;
  m_kind = kind;
  Q_EMIT runPreparing(ticket, kind, title);
}

void LiveRun::started(int ticket, engine::RunKind kind, qint64 runId, int totalSteps,
                      const QString& title) {
  m_ticket = ticket;
  m_kind = kind;
  m_runId = runId;
  m_steps.reserve(static_cast<std::size_t>(std::max(totalSteps, 0)));
  Q_EMIT runStarted(ticket, kind, runId, totalSteps, title);
}

const std::vector<engine::StepRecord>* LiveRun::streamedSteps(qint64 runId) const {
  if (is(runId))
    return &m_steps;
  for (const ChildSteps& child : m_childSteps)
    if (child.runId == runId)
      return &child.steps;
  return nullptr;
}

void LiveRun::addSteps(qint64 runId, const std::vector<engine::StepRecord>& batch) {
  if (is(runId)) {
    m_steps.insert(m_steps.end(), batch.begin(), batch.end());
  } else if (m_runId && engine::hasChildRuns(m_kind)) { // a child run of the live one (a repeat)
    auto child = std::find_if(m_childSteps.begin(), m_childSteps.end(),
                              [runId](const ChildSteps& c) { return c.runId == runId; });
    if (child == m_childSteps.end())
      child = m_childSteps.insert(m_childSteps.end(), ChildSteps{runId, {}});
    child->steps.insert(child->steps.end(), batch.begin(), batch.end());
  } else {
    return; // not this run's
  }
  Q_EMIT stepsAdded(runId, batch);
}

void LiveRun::addEpoch(qint64 runId, const engine::EpochRecord& record) {
  if (is(runId)) { // a sweep's learning rates report under their own ids: not kept here
    m_epochs.push_back(record);
    m_epochEnds.push_back(m_steps.size());
  }
  Q_EMIT epochAdded(runId, record);
}

void LiveRun::addEvent(qint64 runId, int step, const QString& kind, const QString& payloadJson) {
  Q_EMIT eventAdded(runId, step, kind, payloadJson);
}

void LiveRun::updateSweep(const SweepProgress& progress) {
  m_sweepProgress = progress;
  Q_EMIT sweepUpdated(progress);
}

void LiveRun::finish(int ticket, engine::RunKind kind, qint64 runId, engine::StoredStatus status,
                     const QString& message) {
  Q_EMIT runFinished(ticket, kind, runId, status, message);
  if (ticket == m_ticket)
    clear();
}

void LiveRun::reject(int ticket, engine::RunKind kind, RunRejection why, const QString& message) {
  Q_EMIT runRejected(ticket, kind, why, message);
  if (ticket == m_ticket)
    clear();
}

void LiveRun::clear() {
  m_ticket = 0;
  m_kind = engine::RunKind::Unknown;
  m_runId.reset();
  m_steps.clear();
  m_childSteps.clear();
  m_epochs.clear();
  m_epochEnds.clear();
  m_sweepProgress.reset();
}

} // namespace lrscope::ui
