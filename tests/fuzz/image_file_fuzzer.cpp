// decodeImages on one file as a one-image list: PNG or JPEG (detected from the content), decoded
// at its own size and channels, then resized and converted (shrinking one axis, growing the
// other), without the cache.
#include "call_reader.h"
#include "fuzz_temp_dir.h"

#include "lrscope/engine/image_folder.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static const lrscope::fuzz::FuzzTempDir dir;
  const auto file = dir.write("image.png", data, size);
  const std::vector<lrscope::engine::ImageFile> files = {{file, 1}};
  const std::vector<std::string> classNames = {"a", "b"};
  lrscope::engine::ImageOptions options;
  options.useCache = false;
  lrscope::fuzz::callReader(
      [&] { (void)lrscope::engine::decodeImages(files, classNames, options, "fuzz"); });
  options.size = {3, 40};
  options.channels = 1;
  lrscope::fuzz::callReader(
      [&] { (void)lrscope::engine::decodeImages(files, classNames, options, "fuzz"); });
  options.size = {7, 5};
  options.channels = 3;
  options.skipBadImages = true; // a bad file in a class of its own: refused all the same
  lrscope::fuzz::callReader(
      [&] { (void)lrscope::engine::decodeImages(files, classNames, options, "fuzz"); });
  return 0;
}
