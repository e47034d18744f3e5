#pragma once

// A range test on an image folder decodes only its sample: the folder is listed (no image
// decoded), the test split is held out of the labels as loadData holds it out, the sample is
// drawn from the labels, and only the drawn files are decoded (through the cache). The sample
// is the one loadData's full decode would give, example for example.
#include "lrscope/engine/data_source.h"
#include "lrscope/engine/image_folder.h"

#include <optional>
#include <utility>
#include <vector>

namespace lrscope::engine {

class LazyImageFolder {
public:
  /// Lists spec.source when it is an image folder whose sample can be decoded alone; nullopt for
  /// another source, a regression (loadData refuses it), and with --skip-bad-images (files found
  /// bad only when decoded would change which examples the sample draws). Throws InputError as
  /// listImageFolder and withTestSplit do.
  [[nodiscard]] static std::optional<LazyImageFolder> open(const DataSpec& spec);

  /// The splits as labels only (no pixels, no example shape): the training part with the test
  /// split held out, the folder's val/ (empty without one); the test part is left out.
  [[nodiscard]] const DataSplits& labels() const { return m_labels; }
  /// The training examples at `sample` and at `validation` (indices into labels().train),
  /// decoded in that order, together, so that with the files' own size or channels both get the
  /// same shape (or the InputError asking for --image-size or --channels).
  [[nodiscard]] std::pair<Dataset, Dataset>
  decodeTrain(const std::vector<int64_t>& sample, const std::vector<int64_t>& validation) const;
  /// The folder's val/, decoded whole; throws InputError when its shape is not `shape` (the
  /// sample's).
  [[nodiscard]] Dataset decodeValidation(const std::vector<int64_t>& shape) const;

private:
  LazyImageFolder() = default;

  ImageOptions m_options;
  std::string m_name;
  std::vector<std::string> m_classNames;
  std::vector<ImageFile> m_trainFiles; ///< the file of each example of m_labels.train
  std::vector<ImageFile> m_validationFiles;
  DataSplits m_labels;
};

} // namespace lrscope::engine
