#pragma once

#include "lrscope/engine/lr_curve.h"
#include "lrscope/engine/lr_range_rule.h"
#include "lrscope/engine/run_kind.h"
#include "lrscope/engine/run_record.h"
#include "lrscope/engine/stored_status.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lrscope::storage {

/// What is known about a run when it starts.
struct NewRun {
  std::string experiment = "default"; ///< created when missing
  engine::RunKind kind = engine::RunKind::RangeTest;
  std::string configJson; ///< the full config, as JSON text
  uint64_t seed = 0;
  std::string dataset;
  std::string model;
  std::string sourceFile; ///< for imported runs: the file the curve came from
  /// The sweep this run is one learning rate of, or the per-group range test it is one group
  /// of; empty for a run of its own.
  std::optional<int64_t> parentRunId;
  /// The run's identity across databases (merge skips a run whose uid is already there); empty:
  /// a random one. A sharded parent run has the same uid in every shard's file.
  std::string uid;
};

struct RunSummary {
  int64_t id = 0;
  std::string experiment;
  engine::RunKind kind = engine::RunKind::Unknown;
  engine::StoredStatus status = engine::StoredStatus::Unknown;
  std::string dataset;
  std::string model;
  std::string startedAt; ///< UTC, ISO 8601
  double durationSeconds = 0.0;
  int64_t steps = 0;
  std::string notes;
  std::vector<std::string> tags;
  /// What tells runs apart that differ only in LR: the picked range (automatic or by hand) of a
  /// run that has one, and a training run's peak LR (its schedule's max_lr); unset otherwise.
  std::optional<double> rangeLower;
  std::optional<double> rangeUpper;
  std::optional<double> peakLr;
};

struct RangeBounds {
  double lower = 0.0;
  double upper = 0.0;
};

/// The picked range of a run. The automatic one is kept beside a manual pick, so that
/// "reset to suggestion" can bring it back.
struct StoredRange {
  double lower = 0.0;
  double upper = 0.0;
  std::string source; ///< "auto" or "manual"
  std::string rule;   ///< rule name and version of the automatic range
  std::string updatedAt;
  std::optional<RangeBounds> automatic;
};

struct RunDetails {
  RunSummary summary;
  std::string configJson;
  uint64_t seed = 0;
  std::string message;        ///< why the run ended
  std::string sourceFile;     ///< for imported runs: the file the curve came from
  std::string checkpointPath; ///< for training runs: the model saved
  /// The sweep or per-group range test this run belongs to; empty for a run of its own.
  std::optional<int64_t> parentRunId;
  std::vector<engine::Suggestion> suggestions;
  std::optional<StoredRange> range;
  /// The data set's class names, index = label (an image folder's folder names). A run with
  /// child runs (a sweep, a repeated or per-group test, an audit) that stored none of its own
  /// has its first child's that has them. Empty for regression, and for a run that ended before
  /// its data was read.
  std::vector<std::string> classNames;
  /// What the run noted for its report, one line each ("skipped 3 unreadable images").
  std::vector<std::string> warnings;
};

/// A run with its recorded steps, for plotting and comparison.
struct RunCurve {
  RunDetails details;
  std::vector<engine::StepRecord> steps;
};

/// Something that happened during a run at a step, e.g. a live LR change.
struct RunEvent {
  int64_t step = 0;
  std::string kind;
  std::string payloadJson;
  std::string createdAt;
};

struct ExperimentSummary {
  int64_t id = 0;
  std::string name;
  std::string createdAt;
  int64_t runs = 0;
};

/// A parent run whose children were run as shards (a job array's tasks), as merged so far.
struct ShardedParent {
  int64_t runId = 0;
  engine::RunKind kind = engine::RunKind::Unknown;
  int shards = 0;           ///< how many shards the work was split into
  std::vector<int> missing; ///< the shards (0-based) not merged yet; empty: complete
  engine::StoredStatus status = engine::StoredStatus::Unknown; ///< the parent's, as reassembled
  std::string message;                                         ///< the parent's, as reassembled
};

/// What mergeFrom did, run by run.
struct MergeResult {
  int copied = 0;         ///< new here, copied with new ids
  int alreadyPresent = 0; ///< merged before (same run uid): skipped
  int stillRunning = 0;   ///< being written in the other database: skipped, merge again later
  /// A shard that did not finish (its task failed or still runs): its parent's and children's
  /// runs are skipped, so a rerun of the shard merges cleanly; "shard 2/4 of run 5: failed: ...".
  std::vector<std::string> unfinishedShards;
  /// The sharded parents this merge added to, reassembled from every shard merged so far.
  std::vector<ShardedParent> sharded;
};

struct RunFilter {
  std::string text; ///< part of the data set, model, notes, tags, experiment, status or kind
  std::string tag;
  std::optional<engine::RunKind> kind;
  std::optional<engine::StoredStatus> status;
  std::string dataset;
  std::string model;
  std::string experiment;
  std::string startedFrom;  ///< ISO 8601 date or time, inclusive; empty = no bound
  std::string startedUntil; ///< ISO 8601 date or time, inclusive (a date covers its whole day)
  /// Only the runs of this sweep or per-group range test; empty: every run.
  std::optional<int64_t> parentRunId;
};

/// One connection to an LR Scope database (SQLite, WAL unless created for a network file system,
/// foreign keys on, busy timeout 5 s).
/// Use one instance per thread. Opening creates the folder and the file, applies the ordered
/// migrations (one transaction each), refuses a database written by a newer LR Scope without
/// touching it, and marks runs left `running` by a process that no longer exists as
/// `interrupted`. Every method throws StorageError with a one-line message naming the file.
class RunDatabase {
public:
  static constexpr int kSchemaVersion = 4;

  enum class Access {
    ReadWrite,
    /// An existing database, only read. One this process may write gets the bookkeeping of any
    /// opening first (migrations, interrupted runs marked); one it may not is read untouched
    /// (SQLite's immutable mode where its folder cannot hold the WAL index), so results on a
    /// shared, write-protected folder can be browsed. The writing methods fail with
    /// StorageError.
    ReadOnly,
  };

  /// How a new database file journals its writes; an existing file keeps its own.
  enum class Journal {
    /// Write-ahead log: readers never wait for the writer. Needs shared memory between the
    /// processes that open the file, so only on a local disk.
    Wal,
    /// A rollback journal, as a shard's file on a network file system (NFS, Lustre, GPFS) needs:
    /// no shared memory, one writer.
    Rollback,
  };

  explicit RunDatabase(const std::filesystem::path& file, Access access = Access::ReadWrite,
                       Journal journal = Journal::Wal);
  ~RunDatabase();
  RunDatabase(const RunDatabase&) = delete;
  RunDatabase& operator=(const RunDatabase&) = delete;

  /// $XDG_DATA_HOME/lrscope/lrscope.db, or ~/.local/share/lrscope/lrscope.db.
  [[nodiscard]] static std::filesystem::path defaultPath();

  [[nodiscard]] const std::filesystem::path& path() const;

  /// The SQLite library's version, e.g. "3.40.1".
  [[nodiscard]] static std::string sqliteVersion();

  /// Starts a run with status `running`, owned by this process; returns its id.
  [[nodiscard]] int64_t createRun(const NewRun& run);
  /// Appends step records in one transaction (a per-group lr row only for several groups).
  void appendSteps(int64_t runId, const std::vector<engine::StepRecord>& steps);
  void finishRun(int64_t runId, engine::RunStatus status, const std::string& message,
                 double durationSeconds);
  /// The same with a stored status (e.g. interrupted: a sharded parent still missing shards).
  void finishRun(int64_t runId, engine::StoredStatus status, const std::string& message,
                 double durationSeconds);
  /// Replaces the run's suggestions and its automatic range (a manual range is kept).
  void saveSuggestions(int64_t runId, const std::vector<engine::Suggestion>& suggestions,
                       const std::optional<engine::LrRange>& range);

  [[nodiscard]] std::vector<RunSummary> listRuns(const RunFilter& filter = {}) const;
  /// Throws StorageError "no run N in FILE" when it does not exist.
  [[nodiscard]] RunDetails loadRun(int64_t runId) const;
  /// The run with this uid (see NewRun::uid), if there is one.
  [[nodiscard]] std::optional<int64_t> findRunByUid(const std::string& uid) const;
  /// The runs whose uid starts with `prefix`: (id, uid), by id.
  [[nodiscard]] std::vector<std::pair<int64_t, std::string>>
  findRunsByUidPrefix(const std::string& prefix) const;
  /// All steps in order; with maxPoints > 0, at most about maxPoints of them chosen by
  /// downsampleMinMax so that spikes survive.
  [[nodiscard]] std::vector<engine::StepRecord> loadSteps(int64_t runId,
                                                          std::size_t maxPoints = 0) const;
  /// Several runs at once, in the order given (for comparison); maxPoints as in loadSteps.
  [[nodiscard]] std::vector<RunCurve> loadRuns(const std::vector<int64_t>& runIds,
                                               std::size_t maxPoints = 0) const;
  /// Deletes the run and everything recorded for it.
  void deleteRun(int64_t runId);

  void setNotes(int64_t runId, const std::string& notes);
  /// Replaces the run's tags (blank ones dropped, duplicates once).
  void setTags(int64_t runId, const std::vector<std::string>& tags);
  /// The user's pick: 0 < lower < upper, both finite; marked manual.
  void setManualRange(int64_t runId, double lower, double upper);
  /// Drops a manual pick and restores the automatic range; returns the range now stored
  /// (none when the rules found none).
  std::optional<StoredRange> resetRangeToAuto(int64_t runId);

  /// Stores one epoch's metrics (replacing a row of the same epoch, as a resumed run does).
  void appendEpoch(int64_t runId, const engine::EpochRecord& epoch);
  [[nodiscard]] std::vector<engine::EpochRecord> loadEpochs(int64_t runId) const;
  void setCheckpoint(int64_t runId, const std::string& path);
  /// Records what the run found reading its data: the class names (engine::Dataset's) and its
  /// warnings; both replace what was recorded.
  void saveClassesAndWarnings(int64_t runId, const std::vector<std::string>& classNames,
                              const std::vector<std::string>& warnings);

  void addEvent(int64_t runId, int64_t step, const std::string& kind,
                const std::string& payloadJson);
  [[nodiscard]] std::vector<RunEvent> loadEvents(int64_t runId) const;

  [[nodiscard]] std::vector<ExperimentSummary> listExperiments() const;
  /// Creates the experiment unless it exists; returns its id.
  int64_t createExperiment(const std::string& name);
  /// Throws when the name is taken or blank.
  void renameExperiment(int64_t experimentId, const std::string& newName);
  /// Deletes the experiment with all its runs.
  void deleteExperiment(int64_t experimentId);
  /// Moves a run into the named experiment (created when missing).
  void moveRun(int64_t runId, const std::string& experiment);

  /// Copies the runs of another LR Scope database into this one, with new ids. Runs already
  /// merged (same uid) are skipped, so merging twice duplicates nothing; the other file is
  /// read, never changed.
  MergeResult mergeFrom(const std::filesystem::path& other);

private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace lrscope::storage
