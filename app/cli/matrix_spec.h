#pragma once

// The spec of `lrscope audit-matrix`: which data sets, models and optimizers to audit against
// each other, with how many seeds, read from a JSON file, and the cells it makes, each checked
// before anything runs.
#include "cli/audit_runner.h"

#include "lrscope/engine/audit_matrix.h"

#include <filesystem>
#include <string>
#include <vector>

namespace lrscope::cli {

/// One entry of a list in the spec: its name and the audit flags it adds.
struct MatrixEntry {
  std::string name;
  std::vector<std::string> flags;
  /// A data set's: the models it is audited with (empty: every model of the spec).
  std::vector<std::string> models;
  /// A data set's: kept out of the range rule's calibration.
  bool heldOut = false;
};

/// {"seeds": 3, "seed": 1, "optimizers": ["sgd", "adamw --weight-decay 0.01", ...],
///  "models": ["logreg", "mlp --widths 128", ...], "data": [{"name": "fashion-mnist",
///  "flags": "--data fashion-mnist --sample 12000 --epochs 5", "models": [...],
///  "held_out": true}, ...]}. An optimizer's or model's first word is its name (--optimizer,
/// --model), the rest its flags; a data set's flags are any audit flags but those four and
/// --grid; a relative --data path is read beside the spec.
struct MatrixSpec {
  int seeds = 3;
  uint64_t firstSeed = 1;
  std::vector<MatrixEntry> optimizers;
  std::vector<MatrixEntry> models;
  std::vector<MatrixEntry> data;
};

/// Throws InputError, in one line naming the file and the key, for a spec that is not valid
/// JSON, has unknown keys, an empty list, zero seeds or a name given twice.
[[nodiscard]] MatrixSpec readMatrixSpec(const std::filesystem::path& file);

/// One cell, ready to run: a fixed-grid audit over the spec's seeds.
struct MatrixCellPlan {
  engine::MatrixCell cell;
  AuditConfigs configs;
  engine::AuditPlan plan;
};

/// Every cell, data set by data set, then model, then optimizer. Each cell's flags are parsed
/// as `lrscope audit` parses them and its configs validated, and each data set is loaded once:
/// an unknown optimizer, model or data set, or a bad flag, throws InputError naming the cell.
[[nodiscard]] std::vector<MatrixCellPlan> planMatrix(const MatrixSpec& spec,
                                                     const std::filesystem::path& specFolder);

} // namespace lrscope::cli
