#include "worker/run_queue.h"

#include "worker/run_worker.h"

#include <utility>

namespace lrscope::ui {

RunQueue::RunQueue(std::filesystem::path database, QObject* parent, StepBatcher::Clock batchClock)
    : QObject(parent) {
  qRegisterMetaType<std::vector<lrscope::engine::StepRecord>>();
  qRegisterMetaType<lrscope::engine::EpochRecord>();
  qRegisterMetaType<lrscope::ui::SweepProgress>();
  qRegisterMetaType<lrscope::engine::RunKind>();
  qRegisterMetaType<lrscope::engine::StoredStatus>();
  qRegisterMetaType<lrscope::ui::RunRejection>();
  m_thread.setObjectName(QStringLiteral("lrscope-run-worker"));
  // The worker cannot have a parent on another thread: Qt's documented pattern deletes it on
  // its own thread when the thread finishes.
  m_worker = new RunWorker(std::move(database), std::move(batchClock));
  m_worker->moveToThread(&m_thread);
  connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

  // Cross-thread, hence queued: delivered here in the order the worker emitted them.
  // The worker runs one ticket at a time, the current one: its kind is m_currentKind.
  connect(m_worker, &RunWorker::preparing, this, [this](int ticket, const QString& title) {
    Q_EMIT runPreparing(ticket, m_currentKind, title);
  });
  connect(m_worker, &RunWorker::started, this,
          [this](int ticket, qint64 runId, int totalSteps, const QString& title) {
            Q_EMIT runStarted(ticket, m_currentKind, runId, totalSteps, title);
          });
  connect(m_worker, &RunWorker::stepsArrived, this, &RunQueue::stepsArrived);
  connect(m_worker, &RunWorker::progress, this, &RunQueue::progress);
  connect(m_worker, &RunWorker::epochArrived, this, &RunQueue::epochArrived);
  connect(m_worker, &RunWorker::eventArrived, this, &RunQueue::eventArrived);
  connect(m_worker, &RunWorker::sweepProgress, this, &RunQueue::sweepProgress);
  connect(m_worker, &RunWorker::finished, this,
          [this](int ticket, qint64 runId, engine::StoredStatus status, const QString& message) {
            Q_EMIT runFinished(ticket, m_currentKind, runId, status, message);
            endCurrent(ticket);
          });
  connect(m_worker, &RunWorker::rejected, this,
          [this](int ticket, RunRejection why, const QString& message) {
            Q_EMIT runRejected(ticket, m_currentKind, why, message);
            endCurrent(ticket);
          });
  m_thread.start();
}

RunQueue::~RunQueue() {
  shutdown();
}

int RunQueue::enqueue(RangeTestRequest request) {
  return add(std::move(request));
}

int RunQueue::enqueue(TrainingRequest request) {
  return add(std::move(request));
}

int RunQueue::enqueue(SweepRequest request) {
  return add(std::move(request));
}

bool RunQueue::changeLearningRate(engine::LrChange::Kind kind, double value) {
  if (!m_currentLive)
    return false;
  try {
    m_currentLive->request(kind, value);
  } catch (const std::exception&) {
    return false; // not positive and finite
  }
  return true;
}

engine::RunKind RunQueue::kindOf(const Request& request) {
  if (const auto* rangeTest = std::get_if<RangeTestRequest>(&request)) {
    if (rangeTest->perLayerGroup)
      return engine::RunKind::GroupRangeTest;
    return rangeTest->config.repeats.count > 1 ? engine::RunKind::RepeatedRangeTest
                                               : engine::RunKind::RangeTest;
  }
  if (std::holds_alternative<SweepRequest>(request))
    return engine::RunKind::Sweep;
  return engine::RunKind::Training;
}

int RunQueue::add(Request request) {
  const int ticket = m_nextTicket++;
  if (m_shutDown) {
    // Queued, so that the caller has the ticket before it hears about it.
    QMetaObject::invokeMethod(
        this,
        [this, ticket, kind = kindOf(request)] {
          Q_EMIT runRejected(ticket, kind, RunRejection::QueueShutDown,
                             QStringLiteral("the run queue is shut down"));
        },
        Qt::QueuedConnection);
    return ticket;
  }
  if (isBusy()) {
    m_waiting.push_back({ticket, std::move(request)});
    Q_EMIT queueChanged(queuedCount());
  } else {
    start(ticket, std::move(request));
  }
  return ticket;
}

void RunQueue::cancelCurrent() {
  if (m_currentStop)
    m_currentStop->store(true);
}

void RunQueue::cancelAll() {
  std::deque<Waiting> dropped;
  dropped.swap(m_waiting);
  if (!dropped.empty())
    Q_EMIT queueChanged(0);
  for (const Waiting& waiting : dropped)
    Q_EMIT runRejected(waiting.ticket, kindOf(waiting.request), RunRejection::CancelledBeforeStart,
                       QStringLiteral("cancelled before it started"));
  cancelCurrent();
}

void RunQueue::shutdown() {
  if (m_shutDown)
    return;
  m_shutDown = true;
  cancelAll();
  // quit() takes effect when the running job has returned: after it stored the run.
  m_thread.quit();
  m_thread.wait();
}

void RunQueue::start(int ticket, Request request) {
  m_currentTicket = ticket;
  m_currentKind = kindOf(request);
  m_currentStop = std::make_shared<std::atomic<bool>>(false);
  std::shared_ptr<const std::atomic<bool>> stop = m_currentStop;
  if (auto* rangeTest = std::get_if<RangeTestRequest>(&request)) {
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, ticket, request = std::move(*rangeTest), stop] {
          worker->run(ticket, request, stop);
        },
        Qt::QueuedConnection);
    return;
  }
  if (auto* sweep = std::get_if<SweepRequest>(&request)) {
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, ticket, request = std::move(*sweep), stop] {
          worker->runSweep(ticket, request, stop);
        },
        Qt::QueuedConnection);
    return;
  }
  m_currentLive = std::make_shared<engine::LiveLrControl>();
  QMetaObject::invokeMethod(
      m_worker,
      [worker = m_worker, ticket, request = std::move(std::get<TrainingRequest>(request)), stop,
       live = m_currentLive] { worker->runTraining(ticket, request, stop, live); },
      Qt::QueuedConnection);
}

void RunQueue::endCurrent(int ticket) {
  if (ticket != m_currentTicket)
    return;
  m_currentTicket = 0;
  m_currentStop.reset();
  m_currentLive.reset();
  if (!m_shutDown && !m_waiting.empty()) {
    Waiting next = std::move(m_waiting.front());
    m_waiting.pop_front();
    Q_EMIT queueChanged(queuedCount());
    start(next.ticket, std::move(next.request));
  }
  if (!isBusy())
    Q_EMIT idle();
}

} // namespace lrscope::ui
