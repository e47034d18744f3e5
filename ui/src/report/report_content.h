#pragma once

// What a report says, gathered from the database before anything is drawn or written: the
// runs asked for with their steps, epochs and events, and the runs they are made of, read by
// storage's reader of their kind (a sweep's learning rates, a per-group test's tests, a repeated
// test's repeats).

#include "lrscope/engine/repeat_summary.h"
#include "lrscope/engine/run_record.h"
#include "lrscope/storage/audit_run.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/sweep_summary.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lrscope::ui {

/// One run of the report, with everything its section shows.
struct ReportRun {
  storage::RunDetails details;
  /// For the plots: at most about kPlotPoints steps (min/max downsampling keeps the spikes).
  std::vector<engine::StepRecord> steps;
  std::vector<engine::EpochRecord> epochs;
  std::vector<storage::RunEvent> events;
  /// A sweep's learning rates and their outcomes, as storage reads them for the app too.
  std::optional<storage::SweepSummary> sweep;
  /// An audit: what it trained and its verdict.
  std::optional<storage::AuditRun> audit;
  /// The kind of the run this one is part of (details.parentRunId), for its summary.
  std::optional<engine::RunKind> parentKind;
  /// A repeated range test's repeats together: band, spreads, verdict.
  std::optional<engine::RepeatSummary> repeatSummary;
  /// A per-group range test's tests in storage's order (the whole-model test, then the groups),
  /// or a repeated range test's repeats in repeat order; without their own parts.
  std::vector<ReportRun> parts;
  QString label; ///< a part's name within its run, e.g. a layer group's

  [[nodiscard]] engine::RunKind kind() const { return details.summary.kind; }
  [[nodiscard]] int64_t id() const { return details.summary.id; }
};

struct ReportContent {
  std::string generatedAt; ///< local time, e.g. "2026-11-03 14:05 +01:00"
  std::string version;     ///< LR Scope's
  std::string databasePath;
  std::vector<ReportRun> runs; ///< in the order asked for

  [[nodiscard]] bool isComparison() const { return runs.size() > 1; }
};

/// Steps kept per run for the plots: about two points per device pixel of a page-wide plot.
constexpr std::size_t kPlotPoints = 2000;

/// Reads the runs from the database. Throws StorageError "no run N in FILE" for a run that does
/// not exist, InputError when no run is given.
[[nodiscard]] ReportContent gatherReport(const storage::RunDatabase& database,
                                         const std::vector<int64_t>& runIds);

} // namespace lrscope::ui
