#pragma once

#include "lrscope/engine/dataset.h"

#include <string>

namespace lrscope::engine {

struct DataSpec {
  /// A known name ("fashion-mnist"), a folder of IDX files or CIFAR-10 batches, or a .csv file.
  std::string source;
  /// For CSV files: the label column and the kind of task.
  std::string labelColumn;
  TaskKind task = TaskKind::Classification;
};

/// Folder the Debian package dataset-fashion-mnist installs to.
inline constexpr const char* kFashionMnistFolder = "/usr/share/datasets/fashion-mnist";

/// Loads what the spec names. Throws InputError for an unknown name, a path that does not
/// exist, a folder that is neither IDX nor CIFAR-10, or a CSV file without --label.
[[nodiscard]] DataSplits loadData(const DataSpec& spec);

} // namespace lrscope::engine
