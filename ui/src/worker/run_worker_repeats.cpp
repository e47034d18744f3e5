// RunWorker: a repeated range test (runRepeatedRangeTestJob), stored as a parent run with one
// child range test per repeat through storage::StoredRepeatedRangeTest. Repeats may run side by
// side on threads of their own; each streams its steps under its child's run id.
#include "worker/run_worker.h"

#include "lrscope/engine/repeated_range_test_job.h"
#include "lrscope/storage/stored_repeated_range_test.h"
#include "worker/exception_text.h"
#include "worker/step_batcher.h"
#include "worker/stored_end.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>

namespace lrscope::ui {
namespace {

/// Hands each repeat's steps to its stored child run and to a batcher of its own that streams
/// them under the child's id. Every repeat touches only its own slot, on its own thread.
class RepeatRelay : public engine::RepeatedRangeTestListener {
public:
  /// batch(childRunId, steps, stepsOfAllRepeats) is called on the repeat's thread; firstStep
  /// once, by the first repeat to take a step, before any batch.
  using Batch = std::function<void(qint64, std::vector<engine::StepRecord>, int)>;

  RepeatRelay(storage::StoredRepeatedRangeTest& stored, int repeats, StepBatcher::Clock clock,
              std::function<void()> firstStep, Batch batch)
      : m_stored(stored), m_slots(static_cast<std::size_t>(repeats)), m_clock(std::move(clock)),
        m_firstStep(std::move(firstStep)), m_batch(std::move(batch)) {}

  engine::RunObserver* repeatStarted(int index, const engine::FindConfig& config) override {
    engine::RunObserver* store = m_stored.repeatStarted(index, config);
    const qint64 childId = m_stored.repeatRunIds().at(static_cast<std::size_t>(index));
    Slot& slot = m_slots.at(static_cast<std::size_t>(index));
    slot.batcher = std::make_unique<StepBatcher>(
        std::chrono::milliseconds(RunWorker::kBatchIntervalMs),
        [this] { std::call_once(m_started, m_firstStep); },
        [this, childId](std::vector<engine::StepRecord> steps) {
          // One repeat's batch at a time, so that the progress counted never goes backwards.
          const std::lock_guard<std::mutex> lock(m_batchMutex);
          m_stepsDone += static_cast<int>(steps.size());
          m_batch(childId, std::move(steps), m_stepsDone);
        },
        m_clock);
    std::vector<engine::RunObserver*> observers;
    if (store != nullptr)
      observers.push_back(store); // the writer first
    observers.push_back(slot.batcher.get());
    slot.fanOut = std::make_unique<engine::ObserverFanOut>(observers);
    return slot.fanOut.get();
  }

  void repeatFinished(int index, const engine::FindReport& report) override {
    m_stored.repeatFinished(index, report);
    if (const std::unique_ptr<StepBatcher>& batcher =
            m_slots.at(static_cast<std::size_t>(index)).batcher)
      batcher->flush(); // its last steps, before the next repeat's
  }

  /// Once the job has returned: hands on what a repeat left pending (one that failed) and
  /// returns how many steps all repeats took.
  int flushAll() {
    int seen = 0;
    for (Slot& slot : m_slots)
      if (slot.batcher) {
        slot.batcher->flush();
        seen += slot.batcher->stepsSeen();
      }
    return seen;
  }

private:
  struct Slot {
    std::unique_ptr<StepBatcher> batcher;
    std::unique_ptr<engine::ObserverFanOut> fanOut;
  };

  storage::StoredRepeatedRangeTest& m_stored;
  std::vector<Slot> m_slots;
  StepBatcher::Clock m_clock;
  std::function<void()> m_firstStep;
  Batch m_batch;
  std::once_flag m_started;
  std::mutex m_batchMutex;
  int m_stepsDone = 0; ///< steps of every repeat handed on; under m_batchMutex
};

} // namespace

void RunWorker::runRepeatedRangeTest(int ticket, const RangeTestRequest& request,
                                     const std::shared_ptr<const std::atomic<bool>>& stop) {
  const auto picked = std::chrono::steady_clock::now();
  auto stored = openJob(ticket, request.title, stop, [&] {
    request.config.validate();
    return std::make_unique<storage::StoredRepeatedRangeTest>(m_database, request.config,
                                                              request.experiment);
  });
  if (!stored)
    return;
  const qint64 runId = stored->runId();
  const int repeats = request.config.repeats.count;
  const int totalSteps = repeats * request.config.rangeTest.iterations;
  // The batchers' clock is read from every repeat's thread: a test's clock must allow that.
  RepeatRelay relay(
      *stored, repeats, m_batchClock,
      [&] { Q_EMIT started(ticket, runId, totalSteps, request.title); },
      [&](qint64 childId, std::vector<engine::StepRecord> steps, int done) {
        Q_EMIT stepsArrived(childId, std::move(steps));
        const int total = std::max(done, totalSteps);
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - picked).count();
        Q_EMIT progress(runId, done, total, elapsed, elapsed / done * (total - done));
      });

  const int jobs =
      request.jobs > 0
          ? request.jobs
          : std::min(repeats, static_cast<int>(std::max(1U, std::thread::hardware_concurrency())));
  engine::RepeatedRangeTestReport report;
  QString failure;
  const auto begun = std::chrono::steady_clock::now();
  try {
    report = engine::runRepeatedRangeTestJob(request.config, jobs, &relay, stop.get());
  } catch (...) {
    failure = currentExceptionText();
  }
  const int stepsTaken = relay.flushAll();

  const StoredEnd end = storeEnd(*stored, failure, [&] {
    stored->complete(
        report, std::chrono::duration<double>(std::chrono::steady_clock::now() - begun).count());
    return StoredEnd{engine::storedStatus(engine::overallStatus(report)),
                     QString::fromStdString(engine::repeatedRangeTestMessage(report))};
  });
  reportEnd(ticket, runId, stepsTaken > 0, end);
}

} // namespace lrscope::ui
