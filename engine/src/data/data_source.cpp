#include "lrscope/engine/data_source.h"

#include "lrscope/engine/cifar_reader.h"
#include "lrscope/engine/csv_reader.h"
#include "lrscope/engine/idx_reader.h"
#include "lrscope/engine/input_error.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <new>
#include <system_error>

namespace lrscope::engine {

namespace {

const char* const kAcceptedSources =
    "a known name (fashion-mnist), a folder of MNIST-style IDX files "
    "(train-images-idx3-ubyte[.gz], ...), a folder of CIFAR-10 binary batches "
    "(data_batch_1.bin, ...), a folder of images with one subfolder per class, a .csv file, or "
    "a .pt file of tensors";

const std::vector<std::string> kFashionMnistClasses = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

/// ".csv" for data.CSV.
std::string lowerExtension(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

/// The folder's own name, also for "data/" whose filename() is empty.
std::string folderName(const std::filesystem::path& folder) {
  std::filesystem::path normal = folder.lexically_normal();
  if (normal.filename().empty()) {
    normal = normal.parent_path();
  }
  const std::string name = normal.filename().string();
  return name.empty() || name == "." ? std::filesystem::absolute(normal).filename().string() : name;
}

void requireClassification(const DataSpec& spec, const std::string& kind) {
  if (spec.task != TaskKind::Classification) {
    throw InputError(spec.source + ": " + kind +
                     " data is for classification; regression needs a .csv table with a numeric "
                     "target column");
  }
}

DataSplits loadFolder(const DataSpec& spec, const std::filesystem::path& folder) {
  if (looksLikeIdxFolder(folder)) {
    requireClassification(spec, "IDX image");
    return readIdxFolder(folder, folderName(folder));
  }
  if (looksLikeCifar10Folder(folder)) {
    requireClassification(spec, "CIFAR-10 image");
    return readCifar10Folder(folder);
  }
  if (looksLikeImageFolder(folder)) {
    requireClassification(spec, "image folder");
    int64_t skipped = 0;
    DataSplits splits;
    try {
      splits = readImageFolder(folder, spec.images, &skipped);
    } catch (const std::bad_alloc&) { // a data set holds 4 bytes a pixel and channel
      throw InputError(spec.source + ": not enough memory to hold its images" +
                       (spec.images.size.height > 0 ? " at " + toString(spec.images.size) : "") +
                       " as floats; give a smaller --image-size (e.g. 64), or --channels 1");
    }
    if (skipped > 0)
      splits.warnings.push_back("skipped " + std::to_string(skipped) + " unreadable image" +
                                (skipped == 1 ? "" : "s") + " (--skip-bad-images)");
    return splits;
  }
  throw InputError(spec.source +
                   ": the folder holds neither train-images-idx3-ubyte[.gz] (MNIST-style IDX "
                   "files), data_batch_1.bin (CIFAR-10 binary batches), nor class subfolders of "
                   ".png or .jpg images");
}

/// Image options given for a source that is no image folder are a mistake, not a no-op.
void refuseImageOptions(const DataSpec& spec) {
  const ImageOptions& images = spec.images;
  if (images.size.height > 0 || images.channels > 0 || images.skipBadImages)
    throw InputError(spec.source + ": --image-size, --channels and --skip-bad-images (given, or "
                                   "kept in the run's config) are for folders of images (one "
                                   "subfolder per class)");
}

/// The splits as the source holds them (a test part only where it has one).
DataSplits readSource(const DataSpec& spec) {
  if (spec.source.empty()) {
    throw InputError(std::string("no data source given; give ") + kAcceptedSources);
  }
  spec.images.validate();
  if (spec.source == "fashion-mnist") {
    refuseImageOptions(spec);
    requireClassification(spec, "Fashion-MNIST image");
    std::error_code ec;
    if (!std::filesystem::is_directory(kFashionMnistFolder, ec)) {
      throw InputError(std::string("fashion-mnist: ") + kFashionMnistFolder +
                       " not found; install it with `apt-get install dataset-fashion-mnist`");
    }
    return readIdxFolder(kFashionMnistFolder, "fashion-mnist", kFashionMnistClasses);
  }
  if (spec.source == "mnist") {
    throw InputError("mnist: MNIST is not packaged by Debian; put its four IDX files "
                     "(train-images-idx3-ubyte.gz, ...) in a folder and give that folder");
  }

  const std::filesystem::path path(spec.source);
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    if (!looksLikeImageFolder(path))
      refuseImageOptions(spec);
    return loadFolder(spec, path);
  }
  refuseImageOptions(spec);
  if (lowerExtension(path) == ".csv") {
    if (spec.labelColumn.empty()) {
      throw InputError(spec.source + ": CSV data needs --label COLUMN");
    }
    if (!std::filesystem::exists(path, ec)) {
      throw InputError(spec.source + ": file not found");
    }
    CsvOptions options;
    options.labelColumn = spec.labelColumn;
    options.task = spec.task;
    DataSplits splits;
    splits.train = readCsvTable(path, options);
    splits.test.name = splits.train.name;
    splits.test.task = splits.train.task;
    splits.test.exampleShape = splits.train.exampleShape;
    splits.test.classNames = splits.train.classNames;
    return splits;
  }
  if (std::filesystem::exists(path, ec)) {
    throw InputError(spec.source + ": not a data source I can read; give " + kAcceptedSources);
  }
  throw InputError("unknown data source \"" + spec.source +
                   "\": known names are fashion-mnist; otherwise give an existing folder of "
                   "MNIST-style IDX files or CIFAR-10 binary batches, a .csv file or a .pt file");
}

} // namespace

bool isTensorFile(const DataSpec& spec) {
  return lowerExtension(spec.source) == ".pt";
}

DataSplits loadDataFiles(const DataSpec& spec) {
  validateTestFraction(spec.testFraction);
  if (isTensorFile(spec))
    throw InputError(spec.source + ": tensor files are read with libtorch, which this program "
                                   "was built without");
  return withTestSplit(readSource(spec), spec.testFraction);
}

} // namespace lrscope::engine
