// Decoding image folders: a list of files to a Dataset through the cache, and whole folders.
#include "lrscope/engine/image_folder.h"

#include "data/image_batch.h"
#include "data/image_cache.h"
#include "lrscope/engine/atomic_file.h"
#include "lrscope/engine/input_error.h"

#include <cstdlib>
#include <optional>

namespace lrscope::engine {

namespace {

Dataset emptyDataset(const std::string& name, const std::vector<std::string>& classNames) {
  Dataset data;
  data.name = name;
  data.task = TaskKind::Classification;
  data.classNames = classNames;
  return data;
}

DecodedImages toDecoded(CachedImages images, const std::string& name,
                        const std::vector<std::string>& classNames) {
  DecodedImages result;
  result.data = emptyDataset(name, classNames);
  result.data.exampleShape = {images.channels, images.height, images.width};
  result.data.features.assign(images.pixels.begin(), images.pixels.end());
  result.data.labels = std::move(images.labels);
  result.skipped.assign(images.skipped.begin(), images.skipped.end());
  return result;
}

std::string shapeText(const std::vector<int64_t>& shape) {
  return std::to_string(shape.at(0)) + (shape.at(0) == 1 ? " channel " : " channels ") +
         std::to_string(shape.at(1)) + "x" + std::to_string(shape.at(2));
}

/// A validation or test part: decoded with the training part's options and required to have
/// its shape (with the files' own size or channels, they could differ).
Dataset decodeOtherSplit(const std::vector<ImageFile>& files, const Dataset& train,
                         const std::vector<ImageFile>& trainFiles, const ImageOptions& options,
                         int64_t& skipped) {
  if (files.empty()) {
    Dataset data = emptyDataset(train.name, train.classNames);
    data.exampleShape = train.exampleShape;
    return data;
  }
  DecodedImages decoded = decodeImages(files, train.classNames, options, train.name);
  skipped += static_cast<int64_t>(decoded.skipped.size());
  if (decoded.data.exampleShape != train.exampleShape) {
    const bool channels = decoded.data.exampleShape[0] != train.exampleShape[0];
    throw InputError(files.front().path.parent_path().parent_path().string() + ": images are " +
                     shapeText(decoded.data.exampleShape) + " but the training images (" +
                     trainFiles.front().path.parent_path().parent_path().string() + ") are " +
                     shapeText(train.exampleShape) + "; give " +
                     (channels ? "--channels 1 or 3" : "--image-size") +
                     " to make every split alike");
  }
  return std::move(decoded.data);
}

} // namespace

std::filesystem::path imageCacheFolder() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && *xdg && std::filesystem::path(xdg).is_absolute()) {
    return std::filesystem::path(xdg) / "lrscope";
  }
  const char* home = std::getenv("HOME");
  if (home && *home) {
    return std::filesystem::path(home) / ".cache" / "lrscope";
  }
  return {};
}

DecodedImages decodeImages(const std::vector<ImageFile>& files,
                           const std::vector<std::string>& classNames, const ImageOptions& options,
                           const std::string& name) {
  options.validate();
  for (const ImageFile& file : files) {
    if (file.label < 0 || file.label >= static_cast<int64_t>(classNames.size())) {
      throw InputError(file.path.string() + ": label " + std::to_string(file.label) +
                       " is not one of the " + std::to_string(classNames.size()) + " classes");
    }
    rememberInputFile(file.path);
  }
  if (files.empty()) {
    DecodedImages result;
    result.data = emptyDataset(name, classNames);
    if (options.channels != 0 && options.size.height != 0) {
      result.data.exampleShape = {options.channels, options.size.height, options.size.width};
    }
    return result;
  }

  std::optional<std::filesystem::path> cacheFile;
  std::string key;
  if (options.useCache) {
    if (const std::filesystem::path folder = imageCacheFolder(); !folder.empty()) {
      key = imageCacheKey(files, classNames, options);
      cacheFile = imageCacheFile(folder, key);
      if (std::optional<CachedImages> cached = readImageCache(*cacheFile, key)) {
        DecodedImages result = toDecoded(std::move(*cached), name, classNames);
        result.fromCache = true;
        return result;
      }
    }
  }
  CachedImages images = decodeImageBatch(files, classNames, options);
  const bool written = cacheFile && writeImageCache(*cacheFile, key, images);
  DecodedImages result = toDecoded(std::move(images), name, classNames);
  result.cacheWritten = written;
  return result;
}

DataSplits readImageFolder(const std::filesystem::path& folder, const ImageOptions& options,
                           int64_t* skipped) {
  options.validate();
  const ImageFolderListing listing = listImageFolder(folder);
  DecodedImages train = decodeImages(listing.train, listing.classNames, options, listing.name);
  int64_t skippedCount = static_cast<int64_t>(train.skipped.size());
  DataSplits splits;
  splits.train = std::move(train.data);
  splits.validation =
      decodeOtherSplit(listing.validation, splits.train, listing.train, options, skippedCount);
  splits.test = decodeOtherSplit(listing.test, splits.train, listing.train, options, skippedCount);
  if (skipped) {
    *skipped = skippedCount;
  }
  return splits;
}

} // namespace lrscope::engine
