#pragma once

#include "lrscope/engine/repeat_summary.h"
#include "lrscope/storage/run_database.h"

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <vector>

namespace lrscope::storage {

/// A run's summary as JSON: {"id", "experiment", "kind", "status", "data", "model",
/// "started_at", "duration_s", "steps", "notes", "tags"}.
[[nodiscard]] nlohmann::json runSummaryJson(const RunSummary& summary);

/// A stored run as JSON: runSummaryJson plus "message", "seed", "source_file", "config" (the
/// object), "suggestions" {rule: {"lr", "loss", "version"}}, "range" {"lower", "upper",
/// "source", "rule", "updated_at", "auto_lower", "auto_upper"} or null.
[[nodiscard]] nlohmann::json runDetailsJson(const RunDetails& run);

/// One row per step, readable by pandas as it is, the header naming units: step, lr,
/// lr_group_0.. (only when the run has several parameter groups), loss, smoothed_loss,
/// batch_accuracy_fraction, val_loss, val_accuracy_fraction, wall_time_s (seconds since the
/// start). Losses are unitless; accuracies are fractions in [0, 1]. A value that was not
/// recorded is an empty cell (NaN in pandas), an infinite loss "inf" or "-inf". Written through
/// a temporary file: a failure leaves nothing behind.
void exportRunCsv(const RunCurve& run, const std::filesystem::path& file);

/// A repeated range test's median curve and band, one row per step of the ladder while a repeat
/// runs: step, lr, median_smoothed_loss, p10_smoothed_loss, p90_smoothed_loss (the band's edges)
/// and repeats_running (how many repeats the point covers). Written like exportRunCsv.
void exportBandCsv(const engine::RepeatSummary& summary, const std::filesystem::path& file);

/// The "format_version" exportRunJson writes. 2: accuracy keys end in "_fraction", "epochs".
constexpr int kRunExportFormatVersion = 2;

/// runDetailsJson plus "format": "lrscope-run", "format_version", "events" [{"step", "kind",
/// "payload", "created_at"}], "epochs" (a training run's, loadEpochs: [{"epoch", "train_loss",
/// "train_accuracy_fraction", "val_loss", "val_accuracy_fraction", "test_loss",
/// "test_accuracy_fraction", "lr" (the first group's), "wall_time_s"}], else empty) and
/// "step_metrics": the CSV's columns as arrays (null where not recorded or not finite). Written
/// through a temporary file; readCurveImport reads it back.
void exportRunJson(const RunCurve& run, const std::vector<RunEvent>& events,
                   const std::vector<engine::EpochRecord>& epochs,
                   const std::filesystem::path& file);

} // namespace lrscope::storage
