#pragma once

// The cache of decoded images (decodeImages): one file per decoded list of files, named by a hash
// of a key that describes the decode, holding the key itself (compared on read, so that a hash
// collision is never trusted) and a CRC32 of its content. A file that fails any check is
// ignored and rebuilt; a cache is derived data, never an error.

#include "lrscope/engine/image_folder.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lrscope::engine {

/// What a cache file holds besides its key.
struct CachedImages {
  int channels = 0;
  int height = 0;
  int width = 0;
  std::vector<int64_t> labels;
  std::vector<uint8_t> pixels;      ///< labels.size() x channels x height x width
  std::vector<std::string> skipped; ///< paths of the bad files skipped
};

/// The text that identifies a decode: the cache format's version, the options (size, channels,
/// skipping), the class names, and every file's absolute path, size, modification time (ns) and
/// label, in order. Reads each file's status (not its content).
[[nodiscard]] std::string imageCacheKey(const std::vector<ImageFile>& files,
                                        const std::vector<std::string>& classNames,
                                        const ImageOptions& options);

/// FOLDER/images-<16 hex digits of the key's 64-bit FNV-1a hash>.bin
[[nodiscard]] std::filesystem::path imageCacheFile(const std::filesystem::path& folder,
                                                   const std::string& key);

/// The cached decode of `key`; nullopt when the file is missing, short, of another version,
/// holds another key, or fails its CRC. Never throws.
[[nodiscard]] std::optional<CachedImages> readImageCache(const std::filesystem::path& file,
                                                         const std::string& key);

/// Writes the cache file (and its folder) through writeFileAtomically; false when it cannot be
/// written (a read-only folder, a full disk). Never throws.
[[nodiscard]] bool writeImageCache(const std::filesystem::path& file, const std::string& key,
                                   const CachedImages& images);

} // namespace lrscope::engine
