#pragma once

#include "lrscope/engine/dataset.h"
#include "lrscope/engine/image_folder.h"
#include "lrscope/engine/test_split.h"

#include <string>

namespace lrscope::engine {

struct DataSpec {
  /// A known name ("fashion-mnist"), a folder of IDX files or CIFAR-10 batches, a folder of
  /// images (one subfolder per class), a .csv file, or a .pt file of tensors saved from Python.
  std::string source;
  /// For CSV files: the label column and the kind of task.
  std::string labelColumn;
  TaskKind task = TaskKind::Classification;
  /// The share of the examples held out as the test split when the source has none (a CSV
  /// table, a folder without test files); a source with a test split keeps its own.
  double testFraction = kDefaultTestFraction;
  /// For image folders: the size and channels to decode to, the cache, skipping bad files.
  ImageOptions images = {};
};

/// Folder the Debian package dataset-fashion-mnist installs to.
inline constexpr const char* kFashionMnistFolder = "/usr/share/datasets/fashion-mnist";

/// Loads what the spec names, with a test split held out (withTestSplit) where the source has
/// none. Throws InputError for an unknown name, a path that does not exist, a folder that is
/// neither IDX, CIFAR-10 nor images (or a bad image folder, readImageFolder), a CSV file without
/// --label, a tensor file that is not a dict of x and y (readTensorFile), or a test fraction that
/// is out of range or leaves a class without examples on one side. Defined in lrscope_engine:
/// tensor files are read by libtorch.
[[nodiscard]] DataSplits loadData(const DataSpec& spec);

/// loadData for every source but tensor files, without libtorch (lrscope_engine_core: the
/// fuzzers and the readers' tests). Throws InputError for a .pt file too.
[[nodiscard]] DataSplits loadDataFiles(const DataSpec& spec);

/// Whether the spec names a tensor file (.pt), which loadData reads with libtorch.
[[nodiscard]] bool isTensorFile(const DataSpec& spec);

} // namespace lrscope::engine
