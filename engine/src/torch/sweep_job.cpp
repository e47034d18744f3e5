// The race of a sweep: candidates trained rung by rung on data loaded once, the worse half
// stopped after each rung. SweepConfig and its helpers are in src/config/sweep_config.cpp.
#include "lrscope/engine/sweep_job.h"

#include "training_data.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/number_format.h"
#include "lrscope/engine/number_text.h"
#include "lrscope/engine/sweep_race.h"
#include "lrscope/engine/sweep_rung_job.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>

namespace lrscope::engine {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// A fresh folder for the candidates' checkpoints, removed with them on destruction.
class ScratchFolder {
public:
  ScratchFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "lrscope-sweep-XXXXXX");
    if (mkdtemp(pattern.data()) == nullptr)
      throw InputError("cannot create a folder for the sweep's checkpoints under " +
                       std::filesystem::temp_directory_path().string());
    m_path = pattern;
  }
  ~ScratchFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

private:
  std::filesystem::path m_path;
};

/// Passes a candidate's training on to the sweep's observer for it, without the sweep's own
/// checkpoint events, and remembers the last step it saw.
class CandidateRelay : public TrainingObserver {
public:
  explicit CandidateRelay(TrainingObserver* target) : m_target(target) {}
  void onStep(const StepRecord& record) override {
    m_lastStep = record.step;
    if (m_target)
      m_target->onStep(record);
  }
  void onEpoch(const EpochRecord& record) override {
    if (m_target)
      m_target->onEpoch(record);
  }
  void onEvent(int step, const std::string& kind, const std::string& payloadJson) override {
    if (m_target && kind != "checkpoint")
      m_target->onEvent(step, kind, payloadJson);
  }
  [[nodiscard]] int lastStep() const { return m_lastStep; }

private:
  TrainingObserver* m_target;
  int m_lastStep = -1;
};

/// Trains a candidate through rung `rung` (1-based): its config's epochs up to rung x
/// epochsPerRung, continuing from `resumeFrom` after the first rung, saving `checkpoint`.
TrainingReport trainRung(const TrainConfig& candidate, int rung, int epochsPerRung,
                         const detail::TrainingData& data, const std::filesystem::path& checkpoint,
                         const std::filesystem::path& resumeFrom, CandidateRelay& relay,
                         const std::atomic<bool>* stop) {
  TrainConfig config = candidate;
  config.epochs = rung * epochsPerRung;
  config.checkpoint = checkpoint;
  if (rung > 1)
    config.resumeFrom = resumeFrom;
  return detail::runTrainingOnData(config, data, &relay, stop);
}

/// Adds a rung's training to what the candidate has trained.
void recordRung(SweepCandidate& candidate, int rung, const TrainingReport& training) {
  candidate.rung = rung;
  candidate.epochs += static_cast<int>(training.epochs.size());
  candidate.steps += training.steps;
  if (!training.epochs.empty())
    candidate.last = training.epochs.back();
  candidate.trainSeconds += training.trainSeconds;
  candidate.trainingStatus = training.status;
  candidate.trainingMessage = training.message;
}

/// The data and model as the first training saw them.
void describeData(const TrainingReport& training, SweepReport& report) {
  report.datasetName = training.datasetName;
  report.classNames = training.classNames;
  report.modelName = training.modelName;
  report.trainSize = training.trainSize;
  report.validationSize = training.validationSize;
  report.warnings = training.warnings;
}

/// One race: the candidates, the survivors, and the report being filled in.
class Race {
public:
  Race(const SweepConfig& config, SweepObserver* observer, const std::atomic<bool>* stop,
       SweepReport& report)
      : m_config(config), m_observer(observer), m_stop(stop), m_report(report),
        m_configs(sweepCandidateConfigs(config)) {
    for (std::size_t i = 0; i < m_configs.size(); ++i) {
      SweepCandidate candidate;
      candidate.lr = m_configs[i].schedule.maxLr;
      m_report.candidates.push_back(candidate);
      m_survivors.push_back(static_cast<int>(i));
    }
  }

  void run() {
    // Every candidate trains on the same sample: loaded, drawn and normalized once.
    m_data = detail::loadTrainingData(m_configs.front());
    if (m_observer)
      m_observer->onCandidates(m_configs);
    for (int rung = 1;; ++rung) {
      m_report.rungs = rung;
      for (const int index : m_survivors)
        if (!train(index, rung))
          return;
      const bool last = m_config.maxRungs > 0 && rung == m_config.maxRungs;
      const RungOutcome outcome =
          halveRung(m_survivors, m_report.candidates, m_lastSteps, rung, last);
      for (const Elimination& elimination : outcome.eliminations) {
        applyElimination(elimination, m_report.candidates);
        if (m_observer)
          m_observer->onEliminated(elimination);
      }
      m_survivors = outcome.survivors;
      if (raceEnds(m_config, rung, m_survivors.size()))
        break;
    }
    finishRace(m_report, m_survivors);
  }

private:
  /// Trains one candidate for the rung; false when the sweep has to end (cancelled, failed).
  bool train(int index, int rung) {
    SweepCandidate& candidate = m_report.candidates[static_cast<std::size_t>(index)];
    const std::filesystem::path checkpoint =
        m_scratch.path() / ("lr-" + std::to_string(index) + ".pt");
    if (m_observer)
      m_observer->onCandidateStarting(index, rung);
    CandidateRelay relay(m_observer ? m_observer->candidateObserver(index) : nullptr);
    const TrainingReport training =
        trainRung(m_configs[static_cast<std::size_t>(index)], rung, m_config.epochsPerRung, m_data,
                  checkpoint, checkpoint, relay, m_stop);
    if (m_report.datasetName.empty())
      describeData(training, m_report);
    recordRung(candidate, rung, training);
    m_lastSteps[index] = relay.lastStep();
    if (m_observer)
      m_observer->onCandidateTrained(index, rung, training);
    if (training.status == RunStatus::Cancelled) {
      m_report.status = RunStatus::Cancelled;
      m_report.message = "cancelled in rung " + std::to_string(rung) + " while training lr " +
                         numberText(candidate.lr);
      return false;
    }
    if (training.status == RunStatus::Failed) {
      m_report.status = RunStatus::Failed;
      m_report.message = "lr " + numberText(candidate.lr) + " failed in rung " +
                         std::to_string(rung) + ": " + training.message;
      return false;
    }
    return true;
  }

  const SweepConfig& m_config;
  SweepObserver* m_observer;
  const std::atomic<bool>* m_stop;
  SweepReport& m_report;
  ScratchFolder m_scratch;
  detail::TrainingData m_data;
  std::vector<TrainConfig> m_configs;
  std::vector<int> m_survivors; ///< indices, lowest LR first
  std::map<int, int> m_lastSteps;
};

} // namespace

SweepReport runSweepJob(const SweepConfig& config, SweepObserver* observer,
                        const std::atomic<bool>* stop) {
  config.validate();
  const auto start = Clock::now();
  SweepReport report;
  report.config = config;
  try {
    Race race(config, observer, stop, report);
    race.run();
  } catch (const InputError&) {
    throw;                                // a bad data set or model, refused before the first step
  } catch (const std::exception& error) { // an observer's
    report.status = RunStatus::Failed;
    report.message = std::string("the sweep failed: ") + error.what();
  }
  addRaceTotals(report);
  report.seconds = secondsSince(start);
  return report;
}

std::filesystem::path sweepRungCheckpoint(const std::filesystem::path& folder, int index,
                                          int rung) {
  return folder / ("lr-" + std::to_string(index) + ".rung-" + std::to_string(rung) + ".pt");
}

SweepRungReport runSweepRungJob(const SweepConfig& config, int rung,
                                const std::vector<int>& indices,
                                const std::filesystem::path& checkpoints, SweepObserver* observer,
                                const std::atomic<bool>* stop) {
  config.validate();
  if (rung < 1 || rung > plannedRungs(config.candidates, config.maxRungs))
    throw InputError("rung " + std::to_string(rung) + " is not one of the sweep's " +
                     std::to_string(plannedRungs(config.candidates, config.maxRungs)) + " rungs");
  const std::vector<TrainConfig> configs = sweepCandidateConfigs(config);
  for (const int index : indices)
    if (index < 0 || index >= config.candidates)
      throw InputError("candidate " + std::to_string(index) + " is not one of the sweep's " +
                       std::to_string(config.candidates));
  SweepRungReport report;
  report.rung = rung;
  if (indices.empty())
    return report;
  std::error_code error;
  std::filesystem::create_directories(checkpoints, error);
  if (error)
    throw InputError("cannot create the sweep's checkpoint folder " + checkpoints.string() + " (" +
                     error.message() + ")");
  const detail::TrainingData data = detail::loadTrainingData(configs.front());
  if (observer)
    observer->onCandidates(configs);
  for (const int index : indices) {
    if (observer)
      observer->onCandidateStarting(index, rung);
    CandidateRelay relay(observer ? observer->candidateObserver(index) : nullptr);
    SweepRungCandidate trained;
    trained.index = index;
    trained.training =
        trainRung(configs[static_cast<std::size_t>(index)], rung, config.epochsPerRung, data,
                  sweepRungCheckpoint(checkpoints, index, rung),
                  sweepRungCheckpoint(checkpoints, index, rung - 1), relay, stop);
    trained.lastStep = relay.lastStep();
    if (observer)
      observer->onCandidateTrained(index, rung, trained.training);
    const RunStatus status = trained.training.status;
    report.candidates.push_back(std::move(trained));
    if (status == RunStatus::Cancelled)
      break;
  }
  return report;
}

} // namespace lrscope::engine
