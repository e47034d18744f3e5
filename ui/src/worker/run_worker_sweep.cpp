// RunWorker::runSweep: a sweep raced on the worker thread, stored as it goes, its progress, its
// learning rates' epochs and their eliminations sent to the UI.
#include "worker/run_worker.h"

#include "lrscope/storage/stored_sweep.h"
#include "worker/exception_text.h"
#include "worker/stored_end.h"

#include <chrono>
#include <functional>
#include <utility>

namespace lrscope::ui {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// What the relay tells the worker, which turns it into signals.
struct SweepSignals {
  std::function<void(int)> firstStep; ///< totalSteps as known then (0: not yet)
  /// stepsDone, totalSteps (0 when not known yet), final (the sweep has ended)
  std::function<void(int, int, bool)> progress;
  std::function<void(qint64, const engine::EpochRecord&)> epoch;
  std::function<void(qint64, int, const std::string&, const std::string&)> event;
  std::function<void(const SweepProgress&)> sweep;
};

/// Stores a sweep through storage::StoredSweep and reports it to the UI: progress over all
/// learning rates at most every kBatchIntervalMs, every epoch and event after it was stored.
class SweepRelay : public engine::SweepObserver {
public:
  SweepRelay(storage::StoredSweep& stored, const engine::SweepConfig& config, SweepSignals signals)
      : m_stored(stored), m_signals(std::move(signals)),
        m_plannedEpochs(
            engine::plannedEpochs(config.candidates, config.epochsPerRung, config.maxRungs)),
        m_plannedRungs(engine::plannedRungs(config.candidates, config.maxRungs)),
        m_survivors(config.candidates) {
    const engine::SampleSpec& sample = config.training.sample;
    if (sample.count > 0 && config.training.batchSize > 0)
      m_stepsPerEpoch = static_cast<int>(sample.count / config.training.batchSize);
  }

  void onCandidates(const std::vector<engine::TrainConfig>& candidates) override {
    m_stored.onCandidates(candidates);
    m_relays.reserve(candidates.size());
    for (std::size_t i = 0; i < candidates.size(); ++i)
      m_relays.push_back(
          std::make_unique<Candidate>(*this, static_cast<int>(i), candidates[i].schedule.maxLr));
  }

  void onCandidateStarting(int index, int rung) override {
    m_rung = rung;
    sendSweepProgress(*m_relays.at(static_cast<std::size_t>(index)));
  }

  engine::TrainingObserver* candidateObserver(int index) override {
    return m_relays.at(static_cast<std::size_t>(index)).get();
  }

  void onCandidateTrained(int index, int rung, const engine::TrainingReport& report) override {
    m_stored.onCandidateTrained(index, rung, report);
  }

  void onEliminated(const engine::Elimination& elimination) override {
    m_stored.onEliminated(elimination);
    --m_survivors;
    m_signals.event(m_stored.candidateRunId(static_cast<std::size_t>(elimination.candidate)),
                    elimination.step, "eliminated", storage::eliminationPayload(elimination));
  }

  /// The last progress, after the sweep ended.
  void finish() {
    if (m_stepsDone > 0)
      m_signals.progress(m_stepsDone, m_stepsDone, true);
  }

  [[nodiscard]] int stepsDone() const { return m_stepsDone; }

private:
  /// One learning rate's training: stored first, then counted and reported.
  class Candidate : public engine::TrainingObserver {
  public:
    Candidate(SweepRelay& sweep, int index, double lr) : m_sweep(sweep), m_index(index), m_lr(lr) {}

    void onStep(const engine::StepRecord& record) override {
      target().onStep(record);
      ++m_steps;
      m_sweep.stepTaken();
    }
    void onEpoch(const engine::EpochRecord& record) override {
      target().onEpoch(record);
      ++m_epochs;
      m_sweep.epochEnded(*this, record);
    }
    void onEvent(int step, const std::string& kind, const std::string& payloadJson) override {
      target().onEvent(step, kind, payloadJson);
      m_sweep.m_signals.event(runId(), step, kind, payloadJson);
    }

    [[nodiscard]] qint64 runId() const {
      return m_sweep.m_stored.candidateRunId(static_cast<std::size_t>(m_index));
    }

    SweepRelay& m_sweep;
    int m_index;
    double m_lr;
    int m_steps = 0;
    int m_epochs = 0;

  private:
    engine::TrainingObserver& target() { return *m_sweep.m_stored.candidateObserver(m_index); }
  };

  void stepTaken() {
    if (m_stepsDone++ == 0) {
      m_signals.firstStep(totalSteps());
      m_lastProgress = Clock::now();
    }
    if (Clock::now() - m_lastProgress >= std::chrono::milliseconds(RunWorker::kBatchIntervalMs)) {
      m_lastProgress = Clock::now();
      m_signals.progress(m_stepsDone, totalSteps(), false);
    }
  }

  void epochEnded(const Candidate& candidate, const engine::EpochRecord& record) {
    if (m_stepsPerEpochMeasured == 0) // the first epoch tells how many steps one takes
      m_stepsPerEpoch = m_stepsPerEpochMeasured = candidate.m_steps / candidate.m_epochs;
    m_signals.progress(m_stepsDone, totalSteps(), false);
    m_signals.epoch(candidate.runId(), record);
    sendSweepProgress(candidate);
  }

  void sendSweepProgress(const Candidate& candidate) {
    SweepProgress progress;
    progress.sweepRunId = m_stored.runId();
    progress.candidateRunId = candidate.runId();
    progress.candidate = candidate.m_index;
    progress.candidates = static_cast<int>(m_relays.size());
    progress.lr = candidate.m_lr;
    progress.rung = m_rung;
    progress.rungs = m_plannedRungs;
    progress.epochsDone = candidate.m_epochs;
    progress.survivors = m_survivors;
    m_signals.sweep(progress);
  }

  /// The planned epochs' steps; 0 while the steps per epoch are unknown.
  [[nodiscard]] int totalSteps() const {
    return m_stepsPerEpoch > 0 ? std::max(m_stepsDone, m_stepsPerEpoch * m_plannedEpochs) : 0;
  }

  storage::StoredSweep& m_stored;
  SweepSignals m_signals;
  std::vector<std::unique_ptr<Candidate>> m_relays;
  int m_plannedEpochs;
  int m_plannedRungs;
  int m_survivors;
  int m_rung = 0;
  int m_stepsPerEpoch = 0; ///< estimated from the sample until measured
  int m_stepsPerEpochMeasured = 0;
  int m_stepsDone = 0;
  Clock::time_point m_lastProgress;
};

} // namespace

void RunWorker::runSweep(int ticket, const SweepRequest& request,
                         const std::shared_ptr<const std::atomic<bool>>& stop) {
  const auto picked = Clock::now();
  auto stored = openJob(ticket, request.title, stop, [&] {
    request.config.validate();
    return std::make_unique<storage::StoredSweep>(m_database, request.config, request.experiment);
  });
  if (!stored)
    return;
  const qint64 sweepRunId = stored->runId();

  SweepSignals signals;
  signals.firstStep = [&](int totalSteps) {
    Q_EMIT started(ticket, sweepRunId, totalSteps, request.title);
  };
  signals.progress = [&](int done, int total, bool final) {
    const double elapsed = secondsSince(picked);
    // From the mean time per step since the first step; loading counts in elapsed only.
    const double remaining = final || total <= done ? 0.0 : elapsed / done * (total - done);
    Q_EMIT progress(sweepRunId, done, total, elapsed, remaining);
  };
  signals.epoch = [&](qint64 runId, const engine::EpochRecord& record) {
    Q_EMIT epochArrived(runId, record);
  };
  signals.event = [&](qint64 runId, int step, const std::string& kind, const std::string& payload) {
    Q_EMIT eventArrived(runId, step, QString::fromStdString(kind), QString::fromStdString(payload));
  };
  signals.sweep = [&](const SweepProgress& progress) { Q_EMIT sweepProgress(progress); };
  SweepRelay relay(*stored, request.config, std::move(signals));

  engine::SweepReport report;
  QString failure;
  try {
    report = engine::runSweepJob(request.config, &relay, stop.get());
  } catch (...) {
    failure = currentExceptionText();
  }
  relay.finish();

  const StoredEnd end = storeEnd(*stored, failure, [&] {
    stored->complete(report);
    return StoredEnd{engine::storedStatus(report.status), firstLine(report.message.c_str())};
  });
  reportEnd(ticket, sweepRunId, relay.stepsDone() > 0, end);
}

} // namespace lrscope::ui
