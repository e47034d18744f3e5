#include "lrscope/engine/lazy_image_folder.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/test_split.h"

#include <system_error>

namespace lrscope::engine {
namespace {

/// The files' labels as a data set without pixels: what sampling and the test split read.
Dataset labelsOf(const std::vector<ImageFile>& files, const std::string& name,
                 const std::vector<std::string>& classNames) {
  Dataset data;
  data.name = name;
  data.classNames = classNames;
  data.labels.reserve(files.size());
  for (const ImageFile& file : files)
    data.labels.push_back(file.label);
  return data;
}

} // namespace

std::optional<LazyImageFolder> LazyImageFolder::open(const DataSpec& spec) {
  std::error_code error;
  if (spec.images.skipBadImages || spec.task != TaskKind::Classification || isTensorFile(spec) ||
      !std::filesystem::is_directory(spec.source, error) || !looksLikeImageFolder(spec.source))
    return std::nullopt;
  validateTestFraction(spec.testFraction);
  spec.images.validate();
  ImageFolderListing listing = listImageFolder(spec.source);
  LazyImageFolder folder;
  folder.m_options = spec.images;
  folder.m_name = listing.name;
  folder.m_classNames = listing.classNames;
  folder.m_validationFiles = std::move(listing.validation);
  folder.m_labels.train = labelsOf(listing.train, listing.name, listing.classNames);
  folder.m_labels.validation = labelsOf(folder.m_validationFiles, listing.name, listing.classNames);
  folder.m_trainFiles = std::move(listing.train);
  if (listing.test.empty()) { // held out as withTestSplit holds it out of the decoded images
    const TestSplit split = splitOffTest(folder.m_labels.train, spec.testFraction);
    std::vector<ImageFile> kept;
    kept.reserve(split.train.size());
    for (const int64_t index : split.train)
      kept.push_back(folder.m_trainFiles[static_cast<std::size_t>(index)]);
    folder.m_trainFiles = std::move(kept);
    folder.m_labels.train = folder.m_labels.train.subset(split.train);
  }
  return folder;
}

std::pair<Dataset, Dataset>
LazyImageFolder::decodeTrain(const std::vector<int64_t>& sample,
                             const std::vector<int64_t>& validation) const {
  std::vector<ImageFile> files;
  files.reserve(sample.size() + validation.size());
  for (const std::vector<int64_t>* part : {&sample, &validation})
    for (const int64_t index : *part)
      files.push_back(m_trainFiles.at(static_cast<std::size_t>(index)));
  const Dataset both = decodeImages(files, m_classNames, m_options, m_name).data;
  std::vector<int64_t> first(sample.size());
  std::vector<int64_t> rest(validation.size());
  for (std::size_t i = 0; i < first.size(); ++i)
    first[i] = static_cast<int64_t>(i);
  for (std::size_t i = 0; i < rest.size(); ++i)
    rest[i] = static_cast<int64_t>(first.size() + i);
  return {both.subset(first), both.subset(rest)};
}

Dataset LazyImageFolder::decodeValidation(const std::vector<int64_t>& shape) const {
  Dataset validation = decodeImages(m_validationFiles, m_classNames, m_options, m_name).data;
  if (validation.exampleShape != shape)
    throw InputError(m_validationFiles.front().path.parent_path().parent_path().string() +
                     ": its images differ from the training images in size or channels; give "
                     "--image-size and --channels to decode both alike");
  return validation;
}

} // namespace lrscope::engine
