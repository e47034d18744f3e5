#pragma once

#include "lrscope/engine/elimination_cause.h"
#include "lrscope/engine/run_record.h"
#include "lrscope/engine/training_job.h"

#include <nlohmann/json_fwd.hpp>

#include <atomic>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lrscope::engine {

/// A sweep of fixed learning rates raced by successive halving on a representative sample.
struct SweepConfig {
  /// Data, sample, model, optimizer, batch size and seed of every candidate; its schedule,
  /// epochs, LR events, checkpoint and resume paths are the sweep's own and ignored. The
  /// sample defaults to the range test's: 6000 examples and 1000 held out to rank by.
  TrainConfig training = defaultTraining();
  /// The candidates: `candidates` LRs log-spaced from lowerLr to upperLr, both included.
  double lowerLr = 1e-4;
  double upperLr = 1.0;
  int candidates = 8;
  /// Epochs every survivor trains in each rung.
  int epochsPerRung = 1;
  /// 0: halve until one remains; otherwise stop after this many rungs and take the best.
  int maxRungs = 0;

  /// Throws InputError naming the field: fewer than 2 candidates, LRs that are not positive
  /// and finite, lowerLr >= upperLr, epochsPerRung < 1, maxRungs < 0, no validation split.
  void validate() const;

  /// TrainConfig's defaults with the range test's sample (6000 + 1000 validation).
  [[nodiscard]] static TrainConfig defaultTraining();
};

/// {"sweep": {"lower_lr", "upper_lr", "candidates", "epochs_per_rung", "max_rungs", "lrs"},
/// "training": toJson(training) without "schedule" and without the epochs, LR events,
/// checkpoint and resume path of its "training" section (the sweep's own)}.
[[nodiscard]] nlohmann::json toJson(const SweepConfig& config);

/// The span a sweep covers around a range test's picked range: half a decade beyond each end,
/// {lower / sqrt(10), upper * sqrt(10)}, so that the race can show whether the range test was
/// too cautious or too bold. Throws InputError unless 0 < lower < upper (both finite).
[[nodiscard]] std::pair<double, double> sweepSpanAround(double lower, double upper);

/// `count` LRs log-spaced from lower to upper, both ends included, lowest first.
[[nodiscard]] std::vector<double> logSpacedLrs(double lower, double upper, int count);

/// Rungs a race of `candidates` takes when nothing diverges: halvings (the better half rounded
/// up survives) until one remains, at most maxRungs (0: no limit).
[[nodiscard]] int plannedRungs(int candidates, int maxRungs);

/// Epochs all candidates together train when nothing diverges: epochsPerRung x the survivors of
/// every planned rung (8 candidates, 1 epoch per rung: 8 + 4 + 2 = 14).
[[nodiscard]] int plannedEpochs(int candidates, int epochsPerRung, int maxRungs);

enum class CandidateStatus {
  Running,    ///< still racing when the sweep stopped (cancelled, failed)
  Best,       ///< the winner
  Eliminated, ///< stopped for a validation loss in the worse half
  Diverged    ///< its loss became NaN or infinite
};

/// "running", "best", "eliminated", "diverged".
[[nodiscard]] std::string toString(CandidateStatus status);

/// How one learning rate of the sweep ended.
struct SweepCandidate {
  double lr = 0.0;
  CandidateStatus status = CandidateStatus::Running;
  /// The last rung it trained in, 1-based (0: never trained); the rung of its elimination.
  int rung = 0;
  std::string reason; ///< why it was stopped (eliminated, diverged); empty otherwise
  int epochs = 0;     ///< epochs trained, all rungs together
  int steps = 0;      ///< optimizer steps taken, all rungs together
  /// The last epoch trained (NaN metrics when it never finished one).
  EpochRecord last = noEpoch();
  double trainSeconds = 0.0;
  RunStatus trainingStatus = RunStatus::Running; ///< of its last rung's training
  std::string trainingMessage;                   ///< of its last rung's training

  [[nodiscard]] static EpochRecord noEpoch();
};

/// An elimination as it happens: which candidate, when, and why (the rule, the rung and the
/// values compared, as EliminationCause has them).
struct Elimination : EliminationCause {
  int candidate = 0; ///< index into the candidates (LRs lowest first)
  double lr = 0.0;
  int step = 0;          ///< the step it stopped before: the steps it took
  bool diverged = false; ///< rule == EliminationRule::Diverged
  /// eliminationReason(*this): "diverged at step 41: loss is nan ...", "validation loss 0.61 >
  /// median 0.48 at rung 2".
  std::string reason;
};

struct SweepReport {
  SweepConfig config;
  /// Completed (a best LR), Diverged (every LR diverged), Cancelled, Failed.
  RunStatus status = RunStatus::Running;
  std::string message;                    ///< one line: the best LR, or why there is none
  std::vector<SweepCandidate> candidates; ///< lowest LR first
  std::string datasetName;                ///< as the first training saw them
  std::vector<std::string> classNames;    ///< as the first training saw them
  std::string modelName;
  int64_t trainSize = 0;
  int64_t validationSize = 0;
  std::optional<int> best; ///< index of the winner
  /// The lowest LR eliminated below the best and the highest eliminated above it (without a
  /// best: the lowest and the highest eliminated); absent when there is none on that side.
  std::optional<int> lowestEliminated;
  std::optional<int> highestEliminated;
  int rungs = 0;       ///< rungs run (the last one possibly cut short)
  int totalEpochs = 0; ///< epochs trained by all candidates together
  /// What training every candidate as long as the longest-trained one would cost: candidates x
  /// its epochs. Halving K candidates to one in R rungs of e epochs costs
  /// K*e*(1 + 1/2 + 1/4 + ...) ~ 2*K*e epochs against K*e*R: costRatio = totalEpochs /
  /// fullRunEpochs, e.g. 14/24 for K = 8 (R = 3).
  int fullRunEpochs = 0;
  double costRatio = 0.0;
  double seconds = 0.0; ///< wall time of the whole sweep
  std::vector<std::string> warnings;
};

/// Receives a sweep's progress on the thread that runs it.
class SweepObserver {
public:
  virtual ~SweepObserver() = default;
  /// Once, before any training: every candidate's config, lowest LR first (constant schedule
  /// at its LR; epochs = plannedRungs x epochsPerRung, what the winner trains; no checkpoint).
  virtual void onCandidates(const std::vector<TrainConfig>& candidates) = 0;
  /// Before candidate `index` trains rung `rung` (1-based).
  virtual void onCandidateStarting(int index, int rung) {
    (void)index;
    (void)rung;
  }
  /// Where candidate `index`'s training reports, rung after rung (steps and epochs number on
  /// across rungs); null for nowhere. The training's "checkpoint" events are the sweep's
  /// temporary files and not passed on.
  virtual TrainingObserver* candidateObserver(int index) = 0;
  /// After a candidate trained a rung (or stopped during it).
  virtual void onCandidateTrained(int index, int rung, const TrainingReport& report) = 0;
  virtual void onEliminated(const Elimination& elimination) = 0;
};

/// Races the candidates by successive halving. The data set is loaded, sampled and normalized
/// once, before onCandidates; every candidate trains on that copy. Rung r (1-based) trains every
/// survivor epochsPerRung more epochs at its constant LR, continuing from its checkpoint of the
/// rung before (kept in a temporary folder, removed at the end); then it stops the worse half,
/// floor(n/2) of n survivors: every diverged one first (even more than half), then the highest
/// last-epoch validation losses (ties: the higher LR goes). It ends when one survivor is left,
/// which is the best, or after maxRungs rungs, when the lowest validation loss wins and the
/// others are eliminated at that rung.
///
/// Status: Completed with a best; Diverged when every candidate diverged; Cancelled when stop
/// is set (between steps; the candidates still racing stay Running); Failed when a candidate's
/// training failed (its message) or an observer threw. Throws InputError for a bad config or a
/// data set it cannot sample before onCandidates, or for a model the first training refuses
/// (after onCandidates).
[[nodiscard]] SweepReport runSweepJob(const SweepConfig& config, SweepObserver* observer,
                                      const std::atomic<bool>* stop);

} // namespace lrscope::engine
