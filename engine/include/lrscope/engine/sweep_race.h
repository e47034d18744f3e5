#pragma once

// The rules of a sweep's race, apart from the training: the candidates' configs, the halving
// after each rung and the verdict at the end. runSweepJob races on one machine with them; a
// sweep spread over a cluster applies the very same ones between its rungs (lrscope sweep
// --promote), so that both end alike.
#include "lrscope/engine/sweep_job.h"

#include <map>
#include <vector>

namespace lrscope::engine {

/// Every candidate's training config, lowest LR first (what SweepObserver::onCandidates gets):
/// a constant schedule at its LR, plannedRungs x epochsPerRung epochs, no checkpoint.
[[nodiscard]] std::vector<TrainConfig> sweepCandidateConfigs(const SweepConfig& config);

/// What halving decides after a rung.
struct RungOutcome {
  std::vector<Elimination> eliminations; ///< in the order they are made: diverged, then worst
  std::vector<int> survivors;            ///< lowest LR first
};

/// Stops the worse half of `survivors` (indices, lowest LR first) after rung `rung`, from each
/// candidate's last epoch and its rung's training status, as runSweepJob does: every diverged
/// one first (even more than half), then the highest validation losses (ties: the higher LR
/// goes); on the last rung (lastRung) all but the best. `lastSteps` holds the last step each
/// survivor took (its divergence's step).
[[nodiscard]] RungOutcome halveRung(const std::vector<int>& survivors,
                                    const std::vector<SweepCandidate>& candidates,
                                    const std::map<int, int>& lastSteps, int rung, bool lastRung);

/// Records an elimination on its candidate: status Diverged or Eliminated, and the reason.
void applyElimination(const Elimination& elimination, std::vector<SweepCandidate>& candidates);

/// Whether the race ends after rung `rung` with these survivors: one (or none) is left, or the
/// rung was the last one allowed (maxRungs).
[[nodiscard]] bool raceEnds(const SweepConfig& config, int rung, std::size_t survivors);

/// Ends a race that ran to its end: the survivor left (if any) is the best; the status and
/// message of report (Completed "best lr ... after R rungs ...", or Diverged "every learning
/// rate diverged ..."); report.rungs must be set.
void finishRace(SweepReport& report, const std::vector<int>& survivors);

/// The report's totals: the extremes eliminated on either side of the best, the epochs all
/// candidates trained, what training all as long as the longest would cost, and their ratio.
void addRaceTotals(SweepReport& report);

} // namespace lrscope::engine
