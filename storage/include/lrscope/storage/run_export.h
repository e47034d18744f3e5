#pragma once

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

/// One row per step, readable by pandas as it is: step, lr, lr_group_0.. (only when the run
/// has several parameter groups), loss, smoothed_loss, batch_accuracy, val_loss,
/// val_accuracy, wall_time_s. A value that was not recorded is an empty cell (NaN in pandas).
/// Written through a temporary file: a failure leaves nothing behind.
void exportRunCsv(const RunCurve& run, const std::filesystem::path& file);

/// runDetailsJson plus "format": "lrscope-run", "format_version": 1, "events" [{"step",
/// "kind", "payload", "created_at"}] and "step_metrics": the CSV's columns as arrays (null where
/// not recorded). Written through a temporary file.
void exportRunJson(const RunCurve& run, const std::vector<RunEvent>& events,
                   const std::filesystem::path& file);

} // namespace lrscope::storage
