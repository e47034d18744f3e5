#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lrscope::engine {

enum class TaskKind { Classification, Regression };

/// A table of examples held in memory. Features are row-major float32: example i occupies
/// features[i * exampleSize() .. (i + 1) * exampleSize()). Images keep their pixel values
/// (0..255); normalization is computed later, on the sample.
struct Dataset {
  std::string name;
  TaskKind task = TaskKind::Classification;
  /// Shape of one example: {channels, height, width} for images, {columns} for tables.
  std::vector<int64_t> exampleShape;
  std::vector<float> features;
  /// Class index per example (classification only).
  std::vector<int64_t> labels;
  /// Target value per example (regression only).
  std::vector<float> targets;
  /// Names of the classes, index = label, as well-formed UTF-8 (the readers write other bytes
  /// of a name as utf8Escaped does, so names store and print as JSON); empty for regression.
  std::vector<std::string> classNames;

  [[nodiscard]] int64_t size() const;
  [[nodiscard]] int64_t exampleSize() const;
  [[nodiscard]] int64_t numClasses() const { return static_cast<int64_t>(classNames.size()); }
  /// Number of model outputs: classes for classification, 1 for regression.
  [[nodiscard]] int64_t outputSize() const;
  /// A new data set holding the given examples, in the given order.
  [[nodiscard]] Dataset subset(const std::vector<int64_t>& indices) const;
};

/// The training part of a data source and, where the source has them, its validation and test
/// parts.
struct DataSplits {
  Dataset train;
  Dataset test; ///< empty (size 0) when the source has no test part
  /// The source's own validation part (a tensor file's x_val, y_val), used in place of one held
  /// out of the training part; empty (size 0) when the source has none. Last, so that the
  /// readers' {train, test} stay what they were.
  Dataset validation;
  /// What reading the source noted for the run's report (images skipped as unreadable).
  std::vector<std::string> warnings;
};

} // namespace lrscope::engine
