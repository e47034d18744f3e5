#pragma once

// How `lrscope audit-matrix` prints its cells: a table (each rule's loss against the grid's best
// per cell, then each rule's record per optimizer), the same as JSON, and a CSV row per cell
// and rule.
#include "lrscope/engine/audit_matrix.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace lrscope::cli {

/// The cells' table, then each rule's record per optimizer on the calibration cells and, when
/// there are any, on the held-out cells.
[[nodiscard]] std::string formatMatrix(const std::vector<engine::MatrixCellResult>& cells);

/// {"cells": [{data, model, optimizer, held_out, status, message, audit_run_id, seconds,
/// metric, seeds, best_max_lr, best: {mean, std}, rules: {...as audit --json}}],
/// "records": ruleRecordsJson(cells)}.
[[nodiscard]] nlohmann::ordered_json matrixJson(const std::vector<engine::MatrixCellResult>& cells);

/// Each rule's record, as the app and report read them: [{rule, optimizer, within_one_std,
/// cells, mean_abs_decades, held_out}].
[[nodiscard]] nlohmann::ordered_json
ruleRecordsJson(const std::vector<engine::MatrixCellResult>& cells);

/// A header and one row per cell and rule (a failed cell: one row without a rule).
[[nodiscard]] std::string matrixCsv(const std::vector<engine::MatrixCellResult>& cells);

} // namespace lrscope::cli
