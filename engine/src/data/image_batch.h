#pragma once

#include "data/image_cache.h"
#include "lrscope/engine/image_folder.h"

#include <string>
#include <vector>

namespace lrscope::engine {

/// Decodes `files` (labels below classNames.size()) with `options` on up to 8 threads, the
/// calling one included, into what a cache file holds: the first readable file fixes the
/// channels and size that the others must have when the options leave them open. Throws the
/// InputError of the first bad file in listing order (unless options.skipBadImages, which skips
/// and lists them), or of the first file that disagrees with the first, or when skipping leaves
/// a class of `files` without any image. Whatever a worker throws is rethrown here.
[[nodiscard]] CachedImages decodeImageBatch(const std::vector<ImageFile>& files,
                                            const std::vector<std::string>& classNames,
                                            const ImageOptions& options);

} // namespace lrscope::engine
