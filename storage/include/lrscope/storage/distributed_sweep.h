#pragma once

// A sweep raced over a cluster. Each rung is a job array: a task trains its share of the rung's
// survivors, each from its checkpoint of the rung before, into a database file of its own
// (StoredSweepRung). A promote step then merges the rung's files into the sweep's database and
// halves exactly as the local sweep does (promoteSweepRung); the sweep's database ends up as a
// local `lrscope sweep` with the same seed stores it: the same survivors, curves and
// eliminations.
#include "lrscope/engine/shard.h"
#include "lrscope/engine/sweep_rung_job.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/stored_training.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lrscope::storage {

/// Where a distributed sweep merged into `database` keeps its runs and files.
struct DistributedSweep {
  engine::SweepConfig config;
  std::string experiment = "default";
  std::filesystem::path database; ///< the sweep's own, the tasks' files merge into

  /// The sweep run's uid: the same in every task's file and in the database.
  [[nodiscard]] std::string uid() const;
  /// The candidates' checkpoints between rungs: RUNS.sweep-ID/ beside the database.
  [[nodiscard]] std::filesystem::path checkpoints() const;
  /// Task I of N of rung R: RUNS.rung-R.shard-I-of-N.db beside the database.
  [[nodiscard]] std::filesystem::path taskFile(int rung, engine::Shard shard) const;
  /// The task files of rung R found beside the database, whatever their count.
  [[nodiscard]] std::vector<std::filesystem::path> taskFiles(int rung) const;
  /// The candidates that train in rung R, lowest LR first: all of them in rung 1, afterwards
  /// those the promote of rung R-1 kept; empty when the race ended before rung R. Throws
  /// engine::InputError when rung R-1 has not been promoted.
  [[nodiscard]] std::vector<int> survivorsOfRung(int rung) const;
};

/// A task's share of a rung, stored as it trains: the sweep's run (its uid, interrupted until
/// promoted) and each candidate's training run (a uid of its own), the rung's steps, epochs and
/// events, and a "rung" event on the sweep per candidate with what the promote needs.
class StoredSweepRung : public engine::SweepObserver {
public:
  /// Opens (or creates, with a rollback journal) the task's file; one that already holds this
  /// task's end is left as it is (ended() is then true), one that holds a task that did not end
  /// is emptied of it first. Throws StorageError.
  StoredSweepRung(const DistributedSweep& sweep, int rung, engine::Shard shard);
  ~StoredSweepRung() override;

  [[nodiscard]] bool ended() const { return m_ended; }
  [[nodiscard]] const std::filesystem::path& file() const { return m_database.path(); }

  void onCandidates(const std::vector<engine::TrainConfig>& candidates) override;
  engine::TrainingObserver* candidateObserver(int index) override;
  void onCandidateTrained(int index, int rung, const engine::TrainingReport& report) override;
  void onEliminated(const engine::Elimination& elimination) override;

  /// Records the rung's end for every candidate trained and the task's end.
  void complete(const engine::SweepRungReport& report, double seconds);
  /// Records that the task failed; its file is not merged (the task is rerun).
  void abandon(const std::string& message);

private:
  RunDatabase m_database;
  DistributedSweep m_sweep;
  std::string m_uid; ///< m_sweep.uid(), worked out once
  int m_rung;
  engine::Shard m_shard;
  int64_t m_runId = 0;
  bool m_ended = false;
  std::vector<engine::TrainConfig> m_configs;
  std::map<int, std::unique_ptr<StoredTraining>> m_candidates;
};

/// How far a distributed sweep's race has come in its database.
struct SweepProgress {
  std::set<int> promotedRungs;
  bool finished = false; ///< a promote ended the race
};

/// The promotes recorded on the sweep run `sweepRunId`.
[[nodiscard]] SweepProgress sweepProgress(const RunDatabase& database, int64_t sweepRunId);

/// What a promote did.
struct PromoteResult {
  int64_t sweepRunId = 0;
  int rung = 0;
  bool alreadyPromoted = false;
  std::vector<engine::Elimination> eliminations;
  std::vector<int> survivors; ///< who trains in the next rung (lowest LR first)
  bool finished = false;      ///< the race ended with this rung
  engine::SweepReport report; ///< status, message and candidates (as far as raced)
  MergeResult merged;         ///< of the rung's task files
};

/// Merges the rung's task files into the sweep's database, then halves the rung's survivors as
/// runSweepJob does, records the eliminations ("eliminated" events, as a local sweep stores
/// them) and who goes on; when the race ends, every candidate's and the sweep's outcome.
/// Promoting a rung again changes nothing. Throws engine::InputError naming the candidates that
/// have not trained the rung (their tasks failed or still run), or when the rung before was not
/// promoted.
PromoteResult promoteSweepRung(const DistributedSweep& sweep, int rung);

} // namespace lrscope::storage
