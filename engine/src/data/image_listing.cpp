// The cheap half of image folders: sizes and options, and the folder walk (no decoding).
#include "lrscope/engine/image_folder.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/message_text.h"

#include <algorithm>
#include <cctype>
#include <system_error>

namespace lrscope::engine {

namespace {

constexpr int kMaxSide = 4096;

const char* const kLayout = "an image folder holds one subfolder of PNG or JPEG images per class "
                            "(or train/, and optionally val/ and test/, each holding them)";

bool isHidden(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  return name.empty() || name[0] == '.';
}

bool hasImageExtension(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".png" || extension == ".jpg" || extension == ".jpeg";
}

bool isImageFile(const std::filesystem::directory_entry& entry) {
  std::error_code error;
  return !isHidden(entry.path()) && hasImageExtension(entry.path()) && entry.is_regular_file(error);
}

bool isVisibleFolder(const std::filesystem::directory_entry& entry) {
  std::error_code error;
  return !isHidden(entry.path()) && entry.is_directory(error);
}

/// The entries of `folder` that `keep` accepts, sorted by name (byte order).
template <typename Keep>
std::vector<std::filesystem::path> entries(const std::filesystem::path& folder, Keep keep) {
  std::error_code error;
  std::vector<std::filesystem::path> found;
  std::filesystem::directory_iterator it(folder, error);
  for (; !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
    if (keep(*it)) {
      found.push_back(it->path());
    }
  }
  if (error) {
    throw InputError(folder.string() + ": cannot list the folder: " + error.message());
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.filename().string() < b.filename().string();
  });
  return found;
}

std::vector<std::filesystem::path> imagesIn(const std::filesystem::path& folder) {
  return entries(folder, isImageFile);
}

/// Class folder -> its images; throws for a class folder without any.
std::vector<std::filesystem::path> classImages(const std::filesystem::path& classFolder) {
  auto images = imagesIn(classFolder);
  if (images.empty()) {
    throw InputError(classFolder.string() + ": no .png, .jpg or .jpeg image in the class folder '" +
                     classFolder.filename().string() + "'; add its images or remove the folder");
  }
  return images;
}

/// Reads the class folders of a training folder: their names, sorted, and their images.
std::vector<ImageFile> listTraining(const std::filesystem::path& folder,
                                    std::vector<std::string>& classNames) {
  const auto classes = entries(folder, isVisibleFolder);
  if (classes.empty()) {
    const std::size_t loose = imagesIn(folder).size();
    throw InputError(folder.string() +
                     (loose ? ": no class subfolders, only " + std::to_string(loose) +
                                  (loose == 1 ? " image" : " images") +
                                  " in the folder itself; put each class's images in a "
                                  "subfolder named after the class"
                            : std::string(": no class subfolders; ") + kLayout));
  }
  if (classes.size() == 1) {
    throw InputError(folder.string() + ": only one class ('" + classes[0].filename().string() +
                     "'); an image folder needs at least two classes, one subfolder each");
  }
  std::vector<ImageFile> files;
  for (const auto& classFolder : classes) {
    const auto label = static_cast<int64_t>(classNames.size());
    classNames.push_back(utf8Escaped(classFolder.filename().string()));
    for (auto& image : classImages(classFolder)) {
      files.push_back({std::move(image), label});
    }
  }
  return files;
}

/// A val/ or test/ folder: each class must be one of train/'s.
std::vector<ImageFile> listSplit(const std::filesystem::path& folder,
                                 const std::vector<std::string>& classNames) {
  std::vector<ImageFile> files;
  for (const auto& classFolder : entries(folder, isVisibleFolder)) {
    const std::string name = utf8Escaped(classFolder.filename().string());
    const auto known = std::find(classNames.begin(), classNames.end(), name);
    if (known == classNames.end()) {
      throw InputError(classFolder.string() + ": class '" + name +
                       "' has no folder in train/; every class of " + folder.filename().string() +
                       "/ needs training images too (add them or remove this folder)");
    }
    const int64_t label = known - classNames.begin();
    for (auto& image : classImages(classFolder)) {
      files.push_back({std::move(image), label});
    }
  }
  return files;
}

/// train/ holding subfolders makes a folder of splits.
bool hasSplits(const std::filesystem::path& folder) {
  std::error_code error;
  return std::filesystem::is_directory(folder / "train", error) &&
         !entries(folder / "train", isVisibleFolder).empty();
}

bool holdsImage(const std::filesystem::path& folder) {
  std::error_code error;
  std::filesystem::directory_iterator it(folder, error);
  for (; !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
    if (isImageFile(*it)) {
      return true;
    }
  }
  return false;
}

} // namespace

ImageSize parseImageSize(const std::string& text) {
  const auto fail = [&text]() {
    return InputError("image size '" + text +
                      "': expected N or HxW (e.g. 32 or 28x32), each from 1 to " +
                      std::to_string(kMaxSide));
  };
  const auto number = [&](const std::string& part) {
    if (part.empty() || part.size() > 4 ||
        !std::all_of(part.begin(), part.end(), [](unsigned char c) { return std::isdigit(c); })) {
      throw fail();
    }
    const int value = std::stoi(part);
    if (value < 1 || value > kMaxSide) {
      throw fail();
    }
    return value;
  };
  const auto x = text.find_first_of("xX");
  if (x == std::string::npos) {
    const int side = number(text);
    return {side, side};
  }
  return {number(text.substr(0, x)), number(text.substr(x + 1))};
}

std::string toString(ImageSize size) {
  if (size.height == 0 && size.width == 0) {
    return {};
  }
  return std::to_string(size.height) + "x" + std::to_string(size.width);
}

void ImageOptions::validate() const {
  const bool ownSize = size.height == 0 && size.width == 0;
  if (!ownSize &&
      (size.height < 1 || size.width < 1 || size.height > kMaxSide || size.width > kMaxSide)) {
    throw InputError("image size " + std::to_string(size.height) + "x" +
                     std::to_string(size.width) + ": each side must be from 1 to " +
                     std::to_string(kMaxSide) + " (or 0x0 for the files' own size)");
  }
  if (channels != 0 && channels != 1 && channels != 3) {
    throw InputError("channels " + std::to_string(channels) +
                     ": expected 1 (gray) or 3 (colour), or 0 to take them from the files");
  }
}

int64_t ImageFolderListing::imageCount() const {
  return static_cast<int64_t>(train.size() + validation.size() + test.size());
}

bool looksLikeImageFolder(const std::filesystem::path& folder) {
  try {
    std::error_code error;
    std::filesystem::directory_iterator it(folder, error);
    for (; !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
      if (!isVisibleFolder(*it)) {
        continue;
      }
      if (holdsImage(it->path())) {
        return true;
      }
      if (it->path().filename() == "train") {
        std::filesystem::directory_iterator inner(it->path(), error);
        for (; !error && inner != std::filesystem::directory_iterator(); inner.increment(error)) {
          if (isVisibleFolder(*inner) && holdsImage(inner->path())) {
            return true;
          }
        }
        error.clear();
      }
    }
  } catch (...) { // cheap and never throws: a folder that cannot be walked is not one
  }
  return false;
}

ImageFolderListing listImageFolder(const std::filesystem::path& folder) {
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) {
    throw InputError(folder.string() + ": folder not found; " + kLayout);
  }
  ImageFolderListing listing;
  std::filesystem::path named = std::filesystem::absolute(folder, error).lexically_normal();
  if (!named.has_filename()) {
    named = named.parent_path();
  }
  listing.name = named.filename().string();

  if (!hasSplits(folder)) {
    // train/ with val/ or test/ beside it is a split layout whose images sit a level too high,
    // not three classes named train, val and test.
    if (std::filesystem::is_directory(folder / "train", error) &&
        (std::filesystem::is_directory(folder / "val", error) ||
         std::filesystem::is_directory(folder / "test", error)))
      throw InputError((folder / "train").string() +
                       ": holds no class folders; put each class's images in train/CLASS/ (and "
                       "val/CLASS/, test/CLASS/ likewise)");
    listing.train = listTraining(folder, listing.classNames);
    return listing;
  }
  listing.train = listTraining(folder / "train", listing.classNames);
  if (std::filesystem::is_directory(folder / "val", error)) {
    listing.validation = listSplit(folder / "val", listing.classNames);
  }
  if (std::filesystem::is_directory(folder / "test", error)) {
    listing.test = listSplit(folder / "test", listing.classNames);
  }
  return listing;
}

} // namespace lrscope::engine
