#pragma once

#include "lrscope/engine/elimination_cause.h"
#include "lrscope/engine/run_record.h"
#include "lrscope/engine/sweep_job.h"
#include "lrscope/storage/run_database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lrscope::storage {

/// One learning rate of a stored sweep, as its training run and its events tell it.
struct SweepCandidateRun {
  int64_t runId = 0;
  double lr = 0.0;
  /// Best once the sweep completed; Eliminated or Diverged from its "eliminated" event;
  /// otherwise Running (still racing, or the sweep ended before it was decided: see runStatus).
  engine::CandidateStatus status = engine::CandidateStatus::Running;
  engine::StoredStatus runStatus = engine::StoredStatus::Running; ///< of its training run
  /// The rung it was eliminated at, otherwise the last rung it finished (0: none yet).
  int rung = 0;
  /// Why it was stopped, as the sweep wrote it: "validation loss 0.61 > median 0.48 at rung 2";
  /// empty otherwise.
  std::string reason;
  /// The same without its rung (which `rung` holds): "validation loss 0.61 > median 0.48".
  std::string reasonWithoutRung;
  /// The rule that stopped it and the values it compared; absent while it races, and for an
  /// elimination stored before they were (only its reason texts are known then).
  std::optional<engine::EliminationCause> elimination;
  std::string message;                     ///< its training run's, e.g. "best of the sweep ..."
  std::vector<engine::EpochRecord> epochs; ///< every epoch it trained, all rungs together
  double seconds = 0.0;                    ///< its training time so far

  /// The last epoch's validation loss and accuracy; NaN before the first epoch.
  [[nodiscard]] double finalValidationLoss() const;
  [[nodiscard]] double finalValidationAccuracy() const;
};

/// A stored sweep with its candidates, complete or still running.
struct SweepSummary {
  RunDetails run; ///< the sweep's own run
  double lowerLr = 0.0;
  double upperLr = 0.0;
  int epochsPerRung = 1;
  int maxRungs = 0;
  int plannedRungs = 0;
  std::vector<SweepCandidateRun> candidates; ///< lowest LR first
  /// Indices into candidates: the winner, and the lowest LR eliminated below it and the highest
  /// above it (without a winner: the lowest and highest eliminated), as SweepReport has them:
  /// engine::findSweepExtremes.
  std::optional<std::size_t> best;
  std::optional<std::size_t> lowestEliminated;
  std::optional<std::size_t> highestEliminated;
  int rungsRun = 0; ///< the highest rung any candidate reached
};

/// Reads a sweep run (kind "sweep") and the training runs of its learning rates, with their
/// epochs and eliminations; the candidates by LR, an unreadable LR last, ties by run id. Throws
/// StorageError when the run does not exist or is no sweep.
[[nodiscard]] SweepSummary loadSweepSummary(const RunDatabase& database, int64_t sweepRunId);

} // namespace lrscope::storage
