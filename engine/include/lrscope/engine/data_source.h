#pragma once

#include "lrscope/engine/dataset.h"
#include "lrscope/engine/test_split.h"

#include <string>

namespace lrscope::engine {

struct DataSpec {
  /// A known name ("fashion-mnist"), a folder of IDX files or CIFAR-10 batches, or a .csv file.
  std::string source;
  /// For CSV files: the label column and the kind of task.
  std::string labelColumn;
  TaskKind task = TaskKind::Classification;
  /// The share of the examples held out as the test split when the source has none (a CSV
  /// table, a folder without test files); a source with a test split keeps its own.
  double testFraction = kDefaultTestFraction;
};

/// Folder the Debian package dataset-fashion-mnist installs to.
inline constexpr const char* kFashionMnistFolder = "/usr/share/datasets/fashion-mnist";

/// Loads what the spec names, with a test split held out (withTestSplit) where the source has
/// none. Throws InputError for an unknown name, a path that does not exist, a folder that is
/// neither IDX nor CIFAR-10, a CSV file without --label, or a test fraction that is out of
/// range or leaves a class without examples on one side.
[[nodiscard]] DataSplits loadData(const DataSpec& spec);

} // namespace lrscope::engine
