// The race of a sweep: candidates trained rung by rung on data loaded once, the worse half
// stopped after each rung. SweepConfig and its helpers are in src/config/sweep_config.cpp.
#include "lrscope/engine/sweep_job.h"

#include "training_data.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/number_format.h"
#include "lrscope/engine/number_text.h"
#include "lrscope/engine/sweep_extremes.h"

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

/// One race: the candidates, the survivors, and the report being filled in.
class Race {
public:
  Race(const SweepConfig& config, SweepObserver* observer, const std::atomic<bool>* stop,
       SweepReport& report)
      : m_config(config), m_observer(observer), m_stop(stop), m_report(report) {
    const std::vector<double> lrs = logSpacedLrs(config.lowerLr, config.upperLr, config.candidates);
    const int planned = plannedRungs(config.candidates, config.maxRungs);
    for (std::size_t i = 0; i < lrs.size(); ++i) {
      SweepCandidate candidate;
      candidate.lr = lrs[i];
      m_report.candidates.push_back(candidate);
      TrainConfig training = config.training;
      training.schedule = ScheduleSpec{};
      training.schedule.kind = ScheduleKind::Constant;
      training.schedule.maxLr = lrs[i];
      training.epochs = planned * config.epochsPerRung;
      training.lrEvents.clear();
      training.checkpoint.clear();
      training.resumeFrom.clear();
      training.sample.seed = training.seed;
      m_configs.push_back(training);
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
      halve(rung, last);
      if (m_survivors.size() <= 1)
        break;
    }
    if (m_survivors.empty()) {
      m_report.status = RunStatus::Diverged;
      m_report.message = "every learning rate diverged, from " + numberText(m_config.lowerLr) +
                         " to " + numberText(m_config.upperLr) + "; try lower ones";
      return;
    }
    const int best = m_survivors.front();
    SweepCandidate& winner = m_report.candidates[static_cast<std::size_t>(best)];
    winner.status = CandidateStatus::Best;
    m_report.best = best;
    m_report.status = RunStatus::Completed;
    m_report.message = "best lr " + formatLr(winner.lr) + " after " +
                       std::to_string(m_report.rungs) + " rung" + (m_report.rungs == 1 ? "" : "s") +
                       " (" + std::to_string(winner.epochs) + " epochs, validation loss " +
                       formatLoss(winner.last.validationLoss) + ")";
  }

private:
  /// Trains one candidate for the rung; false when the sweep has to end (cancelled, failed).
  bool train(int index, int rung) {
    SweepCandidate& candidate = m_report.candidates[static_cast<std::size_t>(index)];
    TrainConfig config = m_configs[static_cast<std::size_t>(index)];
    config.epochs = rung * m_config.epochsPerRung;
    config.checkpoint = m_scratch.path() / ("lr-" + std::to_string(index) + ".pt");
    if (rung > 1)
      config.resumeFrom = config.checkpoint;
    if (m_observer)
      m_observer->onCandidateStarting(index, rung);
    CandidateRelay relay(m_observer ? m_observer->candidateObserver(index) : nullptr);
    const TrainingReport training = detail::runTrainingOnData(config, m_data, &relay, m_stop);
    if (m_report.datasetName.empty()) {
      m_report.datasetName = training.datasetName;
      m_report.modelName = training.modelName;
      m_report.trainSize = training.trainSize;
      m_report.validationSize = training.validationSize;
      m_report.warnings = training.warnings;
    }
    candidate.rung = rung;
    candidate.epochs += static_cast<int>(training.epochs.size());
    candidate.steps += training.steps;
    if (!training.epochs.empty())
      candidate.last = training.epochs.back();
    candidate.trainSeconds += training.trainSeconds;
    candidate.trainingStatus = training.status;
    candidate.trainingMessage = training.message;
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

  /// Stops the worse half of the survivors (all but the best on the last rung).
  void halve(int rung, bool lastRung) {
    std::vector<int> finite;
    for (const int index : m_survivors) {
      const SweepCandidate& c = m_report.candidates[static_cast<std::size_t>(index)];
      if (c.trainingStatus == RunStatus::Diverged) {
        EliminationCause cause;
        cause.rule = EliminationRule::Diverged;
        cause.divergedAtStep = m_lastSteps[index];
        cause.divergence = c.trainingMessage;
        eliminate(index, rung, cause);
      } else {
        finite.push_back(index);
      }
    }
    // Best first; on a tie the lower LR (the lower index) stays.
    std::stable_sort(finite.begin(), finite.end(),
                     [this](int a, int b) { return lossOf(a) < lossOf(b); });
    const std::size_t n = m_survivors.size();
    const std::size_t diverged = n - finite.size();
    std::size_t keep = finite.size();
    if (lastRung)
      keep = std::min<std::size_t>(keep, 1);
    else if (diverged < n / 2)
      keep = finite.size() - (n / 2 - diverged);
    const double median = medianLoss(finite);
    for (std::size_t k = finite.size(); k-- > keep;) { // the worst first
      EliminationCause cause;
      cause.rule = lastRung ? EliminationRule::BehindBest : EliminationRule::WorseThanMedian;
      cause.validationLoss = lossOf(finite[k]);
      cause.comparedWith = lastRung ? lossOf(finite.front()) : median;
      eliminate(finite[k], rung, cause);
    }
    finite.resize(keep);
    std::sort(finite.begin(), finite.end()); // the next rung trains them lowest LR first
    m_survivors = finite;
  }

  /// Stops the candidate for this cause (its rung filled in here).
  void eliminate(int index, int rung, EliminationCause cause) {
    SweepCandidate& c = m_report.candidates[static_cast<std::size_t>(index)];
    cause.rung = rung;
    const bool diverged = cause.rule == EliminationRule::Diverged;
    c.status = diverged ? CandidateStatus::Diverged : CandidateStatus::Eliminated;
    c.reason = eliminationReason(cause);
    if (m_observer)
      m_observer->onEliminated({cause, index, c.lr, c.steps, diverged, c.reason});
  }

  [[nodiscard]] double lossOf(int index) const {
    return m_report.candidates[static_cast<std::size_t>(index)].last.validationLoss;
  }

  [[nodiscard]] double medianLoss(const std::vector<int>& sorted) const {
    if (sorted.empty())
      return kNaN;
    const std::size_t mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? lossOf(sorted[mid])
                                  : 0.5 * (lossOf(sorted[mid - 1]) + lossOf(sorted[mid]));
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

/// The lowest and highest eliminated candidates on either side of the best (of all, without).
void findExtremes(SweepReport& report) {
  std::vector<CandidateStatus> statuses;
  for (const SweepCandidate& c : report.candidates)
    statuses.push_back(c.status);
  const SweepExtremes extremes = findSweepExtremes(statuses);
  if (extremes.lowestEliminated)
    report.lowestEliminated = static_cast<int>(*extremes.lowestEliminated);
  if (extremes.highestEliminated)
    report.highestEliminated = static_cast<int>(*extremes.highestEliminated);
}

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
  findExtremes(report);
  for (const SweepCandidate& c : report.candidates) {
    report.totalEpochs += c.epochs;
    report.fullRunEpochs = std::max(report.fullRunEpochs, c.epochs);
  }
  report.fullRunEpochs *= static_cast<int>(report.candidates.size());
  report.costRatio = report.fullRunEpochs > 0 ? static_cast<double>(report.totalEpochs) /
                                                    static_cast<double>(report.fullRunEpochs)
                                              : kNaN;
  report.seconds = secondsSince(start);
  return report;
}

} // namespace lrscope::engine
