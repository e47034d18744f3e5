#pragma once

// One rung of a sweep spread over a cluster: a task's share of the rung's candidates, each
// trained on from its checkpoint exactly as runSweepJob trains it on one machine.
#include "lrscope/engine/sweep_job.h"

#include <atomic>
#include <filesystem>
#include <vector>

namespace lrscope::engine {

/// A candidate trained through the rung.
struct SweepRungCandidate {
  int index = 0;           ///< into the candidates, lowest LR first
  TrainingReport training; ///< of this rung only
  int lastStep = -1;       ///< the last step it took (its divergence's step)
};

struct SweepRungReport {
  int rung = 0;
  std::vector<SweepRungCandidate> candidates; ///< in the order trained; cut short when stopped
};

/// Where candidate `index` keeps its model after rung `rung`: FOLDER/lr-INDEX.rung-RUNG.pt.
[[nodiscard]] std::filesystem::path sweepRungCheckpoint(const std::filesystem::path& folder,
                                                        int index, int rung);

/// Trains candidates `indices` through rung `rung` (1-based), each continuing from
/// sweepRungCheckpoint(checkpoints, i, rung - 1) (none on rung 1) and saving
/// sweepRungCheckpoint(checkpoints, i, rung), on data loaded, drawn and normalized as
/// runSweepJob does: every candidate's curve is bit for bit the one runSweepJob trains. The
/// observer gets onCandidates (every candidate's config), then each of these candidates'
/// start, steps and end; never onEliminated (the promote step eliminates). `stop` ends it after
/// the candidate training. Throws InputError for a bad config, rung or candidate.
[[nodiscard]] SweepRungReport runSweepRungJob(const SweepConfig& config, int rung,
                                              const std::vector<int>& indices,
                                              const std::filesystem::path& checkpoints,
                                              SweepObserver* observer,
                                              const std::atomic<bool>* stop);

} // namespace lrscope::engine
