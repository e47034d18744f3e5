// Decoding a list of image files on worker threads (decodeImages' work between the cache reads).
#include "data/image_batch.h"

#include "data/image_decode.h"
#include "data/image_resize.h"
#include "lrscope/engine/input_error.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <system_error>
#include <thread>

namespace lrscope::engine {

namespace {

constexpr unsigned kMaxThreads = 8;
constexpr std::size_t kFilesPerThread = 64;

const char* const kBadFileHint =
    "; fix or remove the file, or skip unreadable images (--skip-bad-images)";

/// One file's outcome: its pixels, or the exception its decoding threw.
struct Outcome {
  ImagePixels pixels;
  std::exception_ptr error;
  bool badFile = false; ///< error is an InputError about the file itself: it may be skipped
};

std::string shapeText(const ImagePixels& image) {
  return std::to_string(image.height) + "x" + std::to_string(image.width);
}

/// The file decoded, converted to the asked channels and resized to the asked size (gray
/// before resizing, colour after, so that the resize works on as few samples as it can).
ImagePixels prepare(const std::filesystem::path& file, const ImageOptions& options) {
  ImagePixels image = decodeImageFile(file);
  if (options.channels == 1) {
    image = convertChannels(std::move(image), 1);
  }
  if (options.size.height != 0 &&
      (image.height != options.size.height || image.width != options.size.width)) {
    image = resizeToCover(image, options.size);
  }
  if (options.channels == 3) {
    image = convertChannels(std::move(image), 3);
  }
  return image;
}

/// Throws InputError when `image` (from `file`) disagrees with the reference's channels or size,
/// which only happens without the option that would have made them agree.
void checkAgrees(const ImagePixels& image, const std::filesystem::path& file,
                 const ImagePixels& reference, const std::filesystem::path& referenceFile) {
  if (image.channels != reference.channels) {
    throw InputError(referenceFile.string() + " has " + std::to_string(reference.channels) +
                     (reference.channels == 1 ? " channel" : " channels") + " but " +
                     file.string() + " has " + std::to_string(image.channels) +
                     "; give --channels 1 or 3 to convert them all");
  }
  if (image.height != reference.height || image.width != reference.width) {
    throw InputError(referenceFile.string() + " is " + shapeText(reference) + " but " +
                     file.string() + " is " + shapeText(image) +
                     " (height x width); give --image-size (e.g. --image-size " +
                     std::to_string(reference.height) + ") to resize them all");
  }
}

void decodeInto(Outcome& outcome, const ImageFile& file, const ImageOptions& options,
                const ImagePixels* reference, const std::filesystem::path* referenceFile) {
  try {
    outcome.pixels = prepare(file.path, options);
  } catch (const InputError&) {
    outcome.error = std::current_exception();
    outcome.badFile = true;
    return;
  } catch (...) {
    outcome.error = std::current_exception();
    return;
  }
  if (reference) {
    try {
      checkAgrees(outcome.pixels, file.path, *reference, *referenceFile);
    } catch (...) {
      outcome.pixels = {};
      outcome.error = std::current_exception();
    }
  }
}

unsigned threadCount(std::size_t files) {
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  return static_cast<unsigned>(
      std::min<std::size_t>({cores, kMaxThreads, files / kFilesPerThread + 1}));
}

/// Decodes files[first..] on up to 8 threads (the calling one included), each checked against
/// the reference. A failure that stops the decode (any but a skipped bad file) makes every
/// thread leave the files after it alone; those before it are decoded all the same, so that
/// the first failure in listing order is found whatever the timing.
void decodeRest(std::vector<Outcome>& outcomes, const std::vector<ImageFile>& files,
                std::size_t first, const ImageOptions& options, const ImagePixels& reference,
                const std::filesystem::path& referenceFile) {
  const std::size_t count = files.size();
  std::atomic<std::size_t> next{first};
  std::atomic<std::size_t> stop{count};
  const auto work = [&]() {
    for (std::size_t i = next++; i < count && i < stop.load(); i = next++) {
      decodeInto(outcomes[i], files[i], options, &reference, &referenceFile);
      if (outcomes[i].error && !(outcomes[i].badFile && options.skipBadImages)) {
        std::size_t seen = stop.load();
        while (i < seen && !stop.compare_exchange_weak(seen, i)) {
        }
      }
    }
  };
  std::vector<std::thread> threads;
  const unsigned wanted = threadCount(count - first);
  threads.reserve(wanted);
  try {
    while (threads.size() + 1 < wanted) {
      threads.emplace_back(work);
    }
  } catch (const std::system_error&) { // no more threads: the ones started do the rest
  }
  work();
  for (std::thread& thread : threads) {
    thread.join();
  }
}

[[noreturn]] void rethrowWithHint(const Outcome& outcome) {
  if (outcome.badFile) {
    try {
      std::rethrow_exception(outcome.error);
    } catch (const InputError& error) {
      throw InputError(error.what() + std::string(kBadFileHint));
    }
  }
  std::rethrow_exception(outcome.error);
}

/// Throws when skipping left a class of `files` without any image.
void checkNoClassEmptied(const std::vector<ImageFile>& files, const std::vector<Outcome>& outcomes,
                         const std::vector<std::string>& classNames) {
  std::vector<int64_t> listed(classNames.size());
  std::vector<int64_t> decoded(classNames.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    ++listed[files[i].label];
    decoded[files[i].label] += outcomes[i].error ? 0 : 1;
  }
  for (std::size_t label = 0; label < classNames.size(); ++label) {
    if (listed[label] > 0 && decoded[label] == 0) {
      const auto file = std::find_if(files.begin(), files.end(), [&](const ImageFile& f) {
        return f.label == static_cast<int64_t>(label);
      });
      throw InputError(file->path.parent_path().string() + ": all " +
                       std::to_string(listed[label]) + " images of class '" + classNames[label] +
                       "' are unreadable, so skipping them leaves the class empty; fix them or "
                       "remove the class");
    }
  }
}

} // namespace

CachedImages decodeImageBatch(const std::vector<ImageFile>& files,
                              const std::vector<std::string>& classNames,
                              const ImageOptions& options) {
  std::vector<Outcome> outcomes(files.size());
  // The first readable file, decoded here, fixes the channels and size the others must have.
  std::size_t first = 0;
  for (; first < files.size(); ++first) {
    decodeInto(outcomes[first], files[first], options, nullptr, nullptr);
    if (!outcomes[first].error) {
      break;
    }
    if (!(outcomes[first].badFile && options.skipBadImages)) {
      rethrowWithHint(outcomes[first]);
    }
  }
  if (first < files.size()) {
    decodeRest(outcomes, files, first + 1, options, outcomes[first].pixels, files[first].path);
  }
  for (const Outcome& outcome : outcomes) {
    if (outcome.error && !(outcome.badFile && options.skipBadImages)) {
      rethrowWithHint(outcome);
    }
  }
  checkNoClassEmptied(files, outcomes, classNames);
  if (first == files.size()) { // no file at all (checkNoClassEmptied throws when some were bad)
    throw InputError("no image files to decode");
  }

  CachedImages images;
  const ImagePixels& reference = outcomes[first].pixels;
  images.channels = reference.channels;
  images.height = reference.height;
  images.width = reference.width;
  const std::size_t plane = std::size_t(images.height) * images.width;
  const std::size_t exampleSize = plane * images.channels;
  images.pixels.reserve(exampleSize * files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    Outcome& outcome = outcomes[i];
    if (outcome.error) {
      images.skipped.push_back(files[i].path.string());
      continue;
    }
    images.labels.push_back(files[i].label);
    const std::size_t at = images.pixels.size();
    images.pixels.resize(at + exampleSize);
    for (std::size_t p = 0; p < plane; ++p) { // interleaved to channel-major
      for (int c = 0; c < images.channels; ++c) {
        images.pixels[at + c * plane + p] = outcome.pixels.values[p * images.channels + c];
      }
    }
    outcome.pixels = {};
  }
  return images;
}

} // namespace lrscope::engine
