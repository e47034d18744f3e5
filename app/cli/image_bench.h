#pragma once

#include <string>

namespace lrscope::cli {

/// `lrscope bench --images DIR [--image-size S]`: reads the image folder (every split, decoded
/// to `imageSize`, or the files' own size when it is empty) three ways, the median of `repeats`
/// rounds each, with the cache in a temp folder under `parent` (BenchFolder's pick when empty):
/// decoded afresh without the cache, a first load that decodes and writes the cache, and a second
/// load that reads it. Target (issue 16): the second load under 1 s per 10,000 images. Prints a
/// table, or JSON.
void runImageBench(const std::string& folder, const std::string& imageSize,
                   const std::string& parent, int repeats, bool json);

} // namespace lrscope::cli
