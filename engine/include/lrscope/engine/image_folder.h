#pragma once

// A folder of the user's own PNG and JPEG images, one subfolder per class (the layout
// torchvision's ImageFolder reads), optionally split into train/, val/ and test/ each holding
// the class subfolders. Listing is cheap (a folder walk); decoding reads a chosen list of files,
// so that a caller can decode only the sample a run needs, through a cache of decoded pixels.
//
// Pixels: decoded to 8 bits (16-bit PNGs scaled, palettes expanded, alpha dropped), converted to
// the asked channel count (gray to colour replicates; colour to gray is PIL's convert("L"),
// (19595 R + 38470 G + 7471 B + 32768) >> 16, i.e. 0.299 R + 0.587 G + 0.114 B rounded), then
// resized to cover the asked size keeping the aspect ratio and centre-cropped:
//   - the scale is max(H / h, W / w); the scaled side that must fit is exactly H (or W), the
//     other is round(w * H / h) (or round(h * W / w)); the crop keeps rows and columns from
//     floor((scaled - asked) / 2);
//   - each axis is resampled on its own (separable): shrinking averages the source pixels under
//     each output pixel's footprint [i * in / out, (i + 1) * in / out), weighted by overlap
//     (area averaging, OpenCV's INTER_AREA; PIL's BOX differs for fractional footprints, as it
//     weighs whole pixels by their centres); growing interpolates linearly between the two
//     source pixels nearest to x = (i + 0.5) * in / out - 0.5, clamped to [0, in - 1] (half-pixel
//     centres, PIL's and OpenCV's bilinear); an unchanged axis is copied;
//   - the result is rounded to the nearest integer (halves away from zero) in 0..255.
// The Dataset holds those integers as float 0..255, channel-major {C, H, W}, like the IDX reader.

#include "lrscope/engine/dataset.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace lrscope::engine {

/// Height and width of the decoded images; 0x0 keeps the files' own size.
struct ImageSize {
  int height = 0;
  int width = 0;
};

/// Parses "N" (NxN) or "HxW" (e.g. "32", "28x32"); throws InputError for anything else, zero,
/// negative, or over 4096.
[[nodiscard]] ImageSize parseImageSize(const std::string& text);
/// "HxW", e.g. "32x28"; "" for 0x0.
[[nodiscard]] std::string toString(ImageSize size);

struct ImageOptions {
  ImageSize size;   ///< 0x0: the files' own size, which must agree
  int channels = 0; ///< 0: from the files, which must agree; else 1 or 3
  bool useCache = true;
  bool skipBadImages = false; ///< skip (and list) unreadable files instead of failing
  /// Throws InputError naming the field when the size or channels are out of range.
  void validate() const;
};

struct ImageFile {
  std::filesystem::path path;
  int64_t label = 0;
};

struct ImageFolderListing {
  std::string name;                    ///< the folder's own name
  std::vector<std::string> classNames; ///< sorted by name (byte order); label = index
  /// Sorted by class, then file name; validation and test are empty without split folders.
  std::vector<ImageFile> train, validation, test;
  [[nodiscard]] int64_t imageCount() const;
};

/// True when `folder` looks like an image folder: it holds class subfolders (or train/) with at
/// least one .png/.jpg/.jpeg somewhere one or two levels down. Cheap; never throws.
[[nodiscard]] bool looksLikeImageFolder(const std::filesystem::path& folder);

/// Walks the folder, decoding nothing; throws InputError for a folder that is missing or empty,
/// has one class, a class folder without images, or a val/ or test/ class that train/ lacks.
[[nodiscard]] ImageFolderListing listImageFolder(const std::filesystem::path& folder);

struct DecodedImages {
  Dataset data; ///< Classification, classNames set, exampleShape {C, H, W}
  std::vector<std::filesystem::path> skipped; ///< bad files skipped (skipBadImages)
  bool fromCache = false;                     ///< read from the cache
  bool cacheWritten = false;                  ///< a new cache file was written
};

/// Decodes `files` (labels as given, each below classNames.size()) into one Dataset named
/// `name`, in the order given, on up to 8 threads, through the cache (imageCacheFolder()) when
/// options.useCache. Throws InputError naming the file for a bad file (unless skipped), for
/// images whose sizes or channel counts disagree without a size or channel option, and when
/// skipping empties a class that `files` had.
[[nodiscard]] DecodedImages decodeImages(const std::vector<ImageFile>& files,
                                         const std::vector<std::string>& classNames,
                                         const ImageOptions& options, const std::string& name);

/// Lists and decodes every split: train, and validation/test where the folder has them (empty
/// Datasets with name, task, classNames and exampleShape set otherwise). With size 0x0 (or
/// channels 0) every split must agree with the training images. The number of skipped files
/// goes to *skipped when non-null.
[[nodiscard]] DataSplits readImageFolder(const std::filesystem::path& folder,
                                         const ImageOptions& options, int64_t* skipped = nullptr);

/// The cache folder: $XDG_CACHE_HOME/lrscope, else $HOME/.cache/lrscope; empty when neither is
/// set (then nothing is cached).
[[nodiscard]] std::filesystem::path imageCacheFolder();

} // namespace lrscope::engine
