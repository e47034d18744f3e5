#pragma once

#include "lrscope/engine/sweep_job.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/stored_training.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace lrscope::storage {

/// One sweep stored while it runs (`lrscope sweep`, the app's worker): a run of kind "sweep"
/// created before the data is loaded; one training run per learning rate (its parent the sweep)
/// created when the candidates are known, each storing its steps, epochs and events through a
/// StoredTraining; every elimination an "eliminated" event of that learning rate's run
/// (eliminationPayload); every run's final status at the end. Lives on the thread that runs the
/// sweep (one connection per run, all opened there).
class StoredSweep : public engine::SweepObserver {
public:
  /// Opens (or creates) the database and starts the sweep's run. Throws StorageError.
  StoredSweep(const std::filesystem::path& database, const engine::SweepConfig& config,
              const std::string& experiment = "default");
  ~StoredSweep() override;
  StoredSweep(const StoredSweep&) = delete;
  StoredSweep& operator=(const StoredSweep&) = delete;

  /// Starts one training run per candidate, lowest LR first.
  void onCandidates(const std::vector<engine::TrainConfig>& candidates) override;
  /// The candidate's stored run (null before onCandidates).
  engine::TrainingObserver* candidateObserver(int index) override;
  void onCandidateTrained(int index, int rung, const engine::TrainingReport& report) override;
  void onEliminated(const engine::Elimination& elimination) override;

  /// Records every candidate's final status (the best: completed; eliminated: completed with
  /// the reason; diverged: diverged; still racing: the sweep's status) and the sweep's.
  void complete(const engine::SweepReport& report);
  /// Records that the sweep failed, and so did the candidates whose outcome is not stored yet.
  void abandon(const std::string& message);

  [[nodiscard]] int64_t runId() const { return m_runId; }
  [[nodiscard]] std::size_t candidateCount() const { return m_candidates.size(); }
  /// The run of the index-th candidate (lowest LR first); 0 before onCandidates.
  [[nodiscard]] int64_t candidateRunId(std::size_t index) const;
  [[nodiscard]] const std::filesystem::path& databasePath() const { return m_database.path(); }

private:
  RunDatabase m_database;
  std::string m_experiment;
  int64_t m_runId;
  std::vector<std::unique_ptr<StoredTraining>> m_candidates;
  std::size_t m_completed = 0; ///< candidates whose outcome complete() has stored
};

/// The payload of an "eliminated" event: {"rung", "reason", "lr", "diverged", "rule"} and the
/// values the rule compared, {"validation_loss", "compared_with"} (null for NaN), or for a
/// divergence {"diverged_at_step", "divergence"}. Sweeps stored before "rule" have only the
/// first four; loadSweepSummary reads both.
[[nodiscard]] std::string eliminationPayload(const engine::Elimination& elimination);

/// The sweep's run as it starts: kind sweep, its config, seed, data set and model (the same for
/// a sweep raced on one machine and one raced over a cluster).
[[nodiscard]] NewRun sweepRunOf(const engine::SweepConfig& config, const std::string& experiment);

/// What a candidate's run records when the sweep ends: the best completed; an eliminated one
/// completed with the reason; a diverged one diverged; one still racing, the sweep's status.
[[nodiscard]] engine::TrainingReport candidateRunEnd(const engine::SweepCandidate& candidate,
                                                     const engine::SweepReport& sweep);

} // namespace lrscope::storage
