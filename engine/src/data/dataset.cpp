#include "lrscope/engine/dataset.h"

#include <stdexcept>
#include <string>

namespace lrscope::engine {

int64_t Dataset::exampleSize() const {
  if (exampleShape.empty()) {
    return 0;
  }
  int64_t product = 1;
  for (const int64_t dim : exampleShape) {
    product *= dim;
  }
  return product;
}

int64_t Dataset::size() const {
  const int64_t perExample = exampleSize();
  if (perExample > 0) {
    return static_cast<int64_t>(features.size()) / perExample;
  }
  return static_cast<int64_t>(task == TaskKind::Classification ? labels.size() : targets.size());
}

int64_t Dataset::outputSize() const {
  return task == TaskKind::Classification ? numClasses() : 1;
}

Dataset Dataset::subset(const std::vector<int64_t>& indices) const {
  Dataset result;
  result.name = name;
  result.task = task;
  result.exampleShape = exampleShape;
  result.classNames = classNames;

  const int64_t count = size();
  const int64_t perExample = exampleSize();
  const auto n = static_cast<std::ptrdiff_t>(indices.size());
  result.features.reserve(static_cast<std::size_t>(n * perExample));
  if (!labels.empty()) {
    result.labels.reserve(indices.size());
  }
  if (!targets.empty()) {
    result.targets.reserve(indices.size());
  }
  for (const int64_t index : indices) {
    if (index < 0 || index >= count) {
      throw std::out_of_range("Dataset::subset: index " + std::to_string(index) +
                              " is outside the data set \"" + name + "\" of " +
                              std::to_string(count) + " examples");
    }
    const auto begin = features.begin() + static_cast<std::ptrdiff_t>(index * perExample);
    result.features.insert(result.features.end(), begin, begin + perExample);
    if (!labels.empty()) {
      result.labels.push_back(labels[static_cast<std::size_t>(index)]);
    }
    if (!targets.empty()) {
      result.targets.push_back(targets[static_cast<std::size_t>(index)]);
    }
  }
  return result;
}

} // namespace lrscope::engine
