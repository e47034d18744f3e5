#include "worker/run_worker.h"

#include "lrscope/engine/range_test_job.h"
#include "lrscope/storage/stored_range_test.h"
#include "lrscope/storage/stored_training.h"
#include "worker/exception_text.h"
#include "worker/step_batcher.h"
#include "worker/stored_end.h"

#include <chrono>
#include <exception>
#include <functional>
#include <system_error>
#include <utility>

namespace lrscope::ui {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Hands a training run's steps to the store and the batcher, and its epochs and events to
/// the store and then to the UI (after the steps before them, so that they arrive in order).
class TrainingRelay : public engine::TrainingObserver {
public:
  TrainingRelay(storage::StoredTraining& stored, StepBatcher& batcher,
                std::function<void(const engine::EpochRecord&)> epoch,
                std::function<void(int, const std::string&, const std::string&)> event)
      : m_stored(stored), m_batcher(batcher), m_epoch(std::move(epoch)), m_event(std::move(event)) {
  }

  void onStep(const engine::StepRecord& record) override {
    m_stored.onStep(record); // the writer first: a step reaches the database whatever happens
    m_batcher.onStep(record);
  }
  void onEpoch(const engine::EpochRecord& record) override {
    m_stored.onEpoch(record);
    m_batcher.flush();
    m_epoch(record);
  }
  void onEvent(int step, const std::string& kind, const std::string& payloadJson) override {
    m_stored.onEvent(step, kind, payloadJson);
    m_batcher.flush();
    m_event(step, kind, payloadJson);
  }

private:
  storage::StoredTraining& m_stored;
  StepBatcher& m_batcher;
  std::function<void(const engine::EpochRecord&)> m_epoch;
  std::function<void(int, const std::string&, const std::string&)> m_event;
};

/// Steps per epoch when the sample is a count (the last incomplete batch is dropped); 0 when
/// it is only known once the data is loaded (the full set, a fraction).
int stepsPerEpochEstimate(const engine::TrainConfig& config) {
  if (config.sample.count <= 0 || config.batchSize <= 0)
    return 0;
  return static_cast<int>(config.sample.count / config.batchSize);
}

} // namespace

RunWorker::RunWorker(std::filesystem::path database, StepBatcher::Clock batchClock)
    : m_database(std::move(database)), m_batchClock(std::move(batchClock)) {}

void RunWorker::run(int ticket, const RangeTestRequest& request,
                    const std::shared_ptr<const std::atomic<bool>>& stop) {
  if (request.perLayerGroup) {
    runGroupRangeTest(ticket, request, stop); // run_worker_group.cpp
    return;
  }
  if (request.config.repeats.count > 1) {
    runRepeatedRangeTest(ticket, request, stop); // run_worker_repeats.cpp
    return;
  }
  const auto picked = std::chrono::steady_clock::now();
  // Like `lrscope find`: a config that does not validate never becomes a run; one that fails
  // on its data or model is recorded as a failed run.
  auto stored = openJob(ticket, request.title, stop, [&] {
    request.config.validate();
    return std::make_unique<storage::StoredRangeTest>(m_database, request.config,
                                                      request.experiment);
  });
  if (!stored)
    return;
  const qint64 runId = stored->runId();
  const int totalSteps = request.config.rangeTest.iterations;

  bool ended = false;
  StepBatcher batcher(
      std::chrono::milliseconds(kBatchIntervalMs),
      [&] { Q_EMIT started(ticket, runId, totalSteps, request.title); },
      [&](std::vector<engine::StepRecord> batch) {
        const engine::StepRecord& last = batch.back();
        const int done = last.step + 1;
        const double perStep = last.wallSeconds / done;
        const double remaining = ended ? 0.0 : perStep * (totalSteps - done);
        Q_EMIT stepsArrived(runId, std::move(batch));
        Q_EMIT progress(runId, done, totalSteps, secondsSince(picked), remaining);
      },
      m_batchClock);
  // The writer first: a step reaches the database whatever happens to the signals.
  engine::ObserverFanOut observers({&stored->observer(), &batcher});

  engine::FindReport report;
  QString failure;
  try {
    report = engine::runRangeTestJob(request.config, &observers, stop.get());
  } catch (...) {
    failure = currentExceptionText();
  }
  ended = true;
  batcher.flush();

  const StoredEnd end = storeEnd(*stored, failure, [&] {
    stored->complete(report);
    return StoredEnd{engine::storedStatus(report.result.status),
                     firstLine(report.result.message.c_str())};
  });
  reportEnd(ticket, runId, batcher.stepsSeen() > 0, end);
}

void RunWorker::reportEnd(int ticket, qint64 runId, bool anyStep, const StoredEnd& end) {
  if (anyStep)
    Q_EMIT finished(ticket, runId, end.status, end.message);
  else if (end.status == engine::StoredStatus::Cancelled)
    Q_EMIT rejected(ticket, RunRejection::CancelledBeforeStart,
                    QStringLiteral("cancelled before it started"));
  else
    Q_EMIT rejected(ticket, RunRejection::Refused, end.message);
}

void RunWorker::runTraining(int ticket, const TrainingRequest& request,
                            const std::shared_ptr<const std::atomic<bool>>& stop,
                            const std::shared_ptr<engine::LiveLrControl>& live) {
  const auto picked = std::chrono::steady_clock::now();
  auto stored = openJob(ticket, request.title, stop, [&] {
    request.config.validate();
    if (!request.config.checkpoint.empty() && request.config.checkpoint.has_parent_path())
      std::filesystem::create_directories(request.config.checkpoint.parent_path());
    return std::make_unique<storage::StoredTraining>(m_database, request.config,
                                                     request.experiment);
  });
  if (!stored)
    return;
  const qint64 runId = stored->runId();
  const int epochs = request.config.epochs;
  int totalSteps = stepsPerEpochEstimate(request.config) * epochs; // 0: not known yet

  bool ended = false;
  StepBatcher batcher(
      std::chrono::milliseconds(kBatchIntervalMs),
      [&] { Q_EMIT started(ticket, runId, totalSteps, request.title); },
      [&](std::vector<engine::StepRecord> batch) {
        const engine::StepRecord& last = batch.back();
        const int done = last.step + 1;
        const double perStep = last.wallSeconds / done;
        const double remaining = ended || totalSteps <= done ? 0.0 : perStep * (totalSteps - done);
        Q_EMIT stepsArrived(runId, std::move(batch));
        Q_EMIT progress(runId, done, ended ? done : totalSteps, secondsSince(picked), remaining);
      },
      m_batchClock);
  TrainingRelay relay(
      *stored, batcher,
      [&](const engine::EpochRecord& record) {
        if (totalSteps == 0) // the first epoch tells how many steps one takes
          totalSteps = batcher.stepsSeen() / (record.epoch + 1) * epochs;
        Q_EMIT epochArrived(runId, record);
      },
      [&](int step, const std::string& kind, const std::string& payload) {
        Q_EMIT eventArrived(runId, step, QString::fromStdString(kind),
                            QString::fromStdString(payload));
      });

  engine::TrainingReport report;
  QString failure;
  try {
    report = engine::runTrainingJob(request.config, &relay, stop.get(), live.get());
  } catch (...) {
    failure = currentExceptionText();
  }
  ended = true;
  batcher.flush();

  const StoredEnd end = storeEnd(*stored, failure, [&] {
    stored->complete(report);
    return StoredEnd{engine::storedStatus(report.status), firstLine(report.message.c_str())};
  });
  reportEnd(ticket, runId, batcher.stepsSeen() > 0, end);
}

} // namespace lrscope::ui
