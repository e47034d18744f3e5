// RunWorker: a per-group range test (runGroupRangeTestJob), stored as a parent run with one
// child range test per layer group through storage::StoredGroupRangeTest.
#include "worker/run_worker.h"

#include "lrscope/engine/group_range_test.h"
#include "lrscope/engine/group_range_test_job.h"
#include "lrscope/storage/stored_group_range_test.h"
#include "worker/exception_text.h"
#include "worker/step_batcher.h"
#include "worker/stored_end.h"

#include <chrono>
#include <exception>
#include <memory>

namespace lrscope::ui {
namespace {

/// Hands each test's steps to its stored child run and to the batcher that reports progress.
class GroupRelay : public engine::GroupRangeTestListener {
public:
  GroupRelay(storage::StoredGroupRangeTest& stored, StepBatcher& batcher, int iterations)
      : m_stored(stored), m_batcher(batcher), m_iterations(iterations) {}

  engine::RunObserver* groupStarted(std::optional<int> group, const std::string& name,
                                    const engine::FindConfig& config) override {
    m_storeObserver = m_stored.groupStarted(group, name, config);
    std::vector<engine::RunObserver*> observers;
    if (m_storeObserver != nullptr)
      observers.push_back(m_storeObserver); // the writer first
    observers.push_back(&m_batcher);
    m_fanOut = std::make_unique<engine::ObserverFanOut>(observers);
    return m_fanOut.get();
  }
  void groupFinished(std::optional<int> group, const engine::FindReport& report) override {
    m_stored.groupFinished(group, report);
    if (!group) // now the number of tests is known: the whole model's and one per group
      m_totalSteps = m_iterations * (1 + engine::testedGroupCount(report));
  }

  /// Steps of every test together; one test's until the whole-model test has told the groups.
  [[nodiscard]] int totalSteps() const { return m_totalSteps; }

private:
  storage::StoredGroupRangeTest& m_stored;
  StepBatcher& m_batcher;
  int m_iterations;
  int m_totalSteps = m_iterations;
  engine::RunObserver* m_storeObserver = nullptr;
  std::unique_ptr<engine::ObserverFanOut> m_fanOut;
};

} // namespace

void RunWorker::runGroupRangeTest(int ticket, const RangeTestRequest& request,
                                  const std::shared_ptr<const std::atomic<bool>>& stop) {
  const auto picked = std::chrono::steady_clock::now();
  auto stored = openJob(ticket, request.title, stop, [&] {
    request.config.validate();
    return std::make_unique<storage::StoredGroupRangeTest>(m_database, request.config,
                                                           request.experiment);
  });
  if (!stored)
    return;
  const qint64 runId = stored->runId();
  GroupRelay* relayPointer = nullptr;
  // Steps are stored, not streamed: the parent's view reads its tests when it is shown.
  StepBatcher batcher(
      std::chrono::milliseconds(kBatchIntervalMs),
      [&] { Q_EMIT started(ticket, runId, relayPointer->totalSteps(), request.title); },
      [&](std::vector<engine::StepRecord>) {
        const int done = batcher.stepsSeen();
        const int total = std::max(done, relayPointer->totalSteps());
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - picked).count();
        Q_EMIT progress(runId, done, total, elapsed, elapsed / done * (total - done));
      },
      m_batchClock);
  GroupRelay relay(*stored, batcher, request.config.rangeTest.iterations);
  relayPointer = &relay;

  engine::GroupRangeTestReport report;
  QString failure;
  const auto begun = std::chrono::steady_clock::now();
  try {
    report = engine::runGroupRangeTestJob(request.config, &relay, stop.get());
  } catch (...) {
    failure = currentExceptionText();
  }
  batcher.flush();

  const StoredEnd end = storeEnd(*stored, failure, [&] {
    stored->complete(
        report, std::chrono::duration<double>(std::chrono::steady_clock::now() - begun).count());
    return StoredEnd{engine::storedStatus(engine::overallStatus(report)),
                     QStringLiteral("%1 layer groups").arg(report.groups.size())};
  });
  reportEnd(ticket, runId, batcher.stepsSeen() > 0, end);
}

} // namespace lrscope::ui
