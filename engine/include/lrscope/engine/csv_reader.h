#pragma once

#include "lrscope/engine/dataset.h"

#include <filesystem>
#include <string>

namespace lrscope::engine {

struct CsvOptions {
  /// Name of the header column that holds the label (classification) or target (regression).
  std::string labelColumn;
  TaskKind task = TaskKind::Classification;
  char delimiter = ',';
};

/// Reads a CSV table: a header row, then one example per row. Every column but the label
/// column must be numeric. Classification labels (integers or strings) are mapped to classes in
/// sorted order of their text, numeric text sorted numerically; regression targets must be
/// numeric. Empty lines are skipped; double-quoted fields are understood. Throws InputError
/// naming file, line and column for a missing label column, a ragged row or a non-numeric cell.
[[nodiscard]] Dataset readCsvTable(const std::filesystem::path& file, const CsvOptions& options);

} // namespace lrscope::engine
