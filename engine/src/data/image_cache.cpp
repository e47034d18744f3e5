#include "data/image_cache.h"

#include "lrscope/engine/atomic_file.h"

#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <system_error>

namespace lrscope::engine {

namespace {

/// Raised when the layout, decoding or options change, so that older files are rebuilt.
constexpr uint32_t kCacheVersion = 1;
constexpr char kMagic[] = "LRSCOPE IMAGE CACHE\n"; // written without its NUL
constexpr std::size_t kMagicSize = sizeof kMagic - 1;

/// A string whose length comes first, so that no name or path can look like another field.
std::string field(const std::string& text) {
  return std::to_string(text.size()) + ":" + text;
}

/// `crc` continued over `size` bytes, in steps: zlib's crc32 takes an unsigned int length.
uLong crc32Of(uLong crc, const Bytef* data, std::size_t size) {
  for (std::size_t done = 0; done < size;) {
    const auto step = static_cast<uInt>(std::min<std::size_t>(size - done, 1U << 30));
    crc = crc32(crc, data + done, step);
    done += step;
  }
  return crc;
}

/// Writes little-endian fields and keeps the CRC32 of everything written.
class CacheWriter {
public:
  explicit CacheWriter(std::ostream& out) : m_out(out) {}
  void bytes(const void* data, std::size_t size) {
    m_crc = crc32Of(m_crc, static_cast<const Bytef*>(data), size);
    m_out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  void number(uint64_t value, int size) {
    uint8_t le[8];
    for (int i = 0; i < size; ++i) {
      le[i] = static_cast<uint8_t>(value >> (8 * i));
    }
    bytes(le, static_cast<std::size_t>(size));
  }
  void text(const std::string& value) {
    number(value.size(), 8);
    bytes(value.data(), value.size());
  }
  [[nodiscard]] uLong crc() const { return m_crc; }

private:
  std::ostream& m_out;
  uLong m_crc = crc32(0, Z_NULL, 0);
};

/// Reads little-endian fields with bounds checks; ok() turns false at the first short read.
class CacheReader {
public:
  CacheReader(const uint8_t* data, std::size_t size) : m_data(data), m_size(size) {}
  const uint8_t* take(uint64_t size) {
    if (!m_ok || size > m_size - m_at) {
      m_ok = false;
      return nullptr;
    }
    const uint8_t* begin = m_data + m_at;
    m_at += static_cast<std::size_t>(size);
    return begin;
  }
  uint64_t number(int size) {
    const uint8_t* le = take(static_cast<uint64_t>(size));
    uint64_t value = 0;
    for (int i = 0; le && i < size; ++i) {
      value |= uint64_t{le[i]} << (8 * i);
    }
    return value;
  }
  std::string text() {
    const uint64_t size = number(8);
    const uint8_t* begin = take(size);
    return begin ? std::string(reinterpret_cast<const char*>(begin), size) : std::string();
  }
  [[nodiscard]] bool ok() const { return m_ok; }
  [[nodiscard]] std::size_t left() const { return m_size - m_at; }

private:
  const uint8_t* m_data;
  std::size_t m_size;
  std::size_t m_at = 0;
  bool m_ok = true;
};

std::optional<std::vector<uint8_t>> readWholeFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  const std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : -1;
  if (size < 0) {
    return std::nullopt;
  }
  std::vector<uint8_t> bytes(static_cast<std::size_t>(size));
  in.seekg(0);
  if (!in.read(reinterpret_cast<char*>(bytes.data()), size)) {
    return std::nullopt;
  }
  return bytes;
}

std::optional<CachedImages> parseCache(const uint8_t* data, std::size_t size,
                                       const std::string& key) {
  CacheReader in(data, size);
  const uint8_t* magic = in.take(kMagicSize);
  if (!magic || std::memcmp(magic, kMagic, kMagicSize) != 0 || in.number(4) != kCacheVersion ||
      in.text() != key) {
    return std::nullopt;
  }
  CachedImages images;
  images.channels = static_cast<int>(in.number(4));
  images.height = static_cast<int>(in.number(4));
  images.width = static_cast<int>(in.number(4));
  const uint64_t count = in.number(8);
  const uint64_t exampleBytes = uint64_t(images.channels) * images.height * images.width;
  if (!in.ok() || (images.channels != 1 && images.channels != 3) || images.height <= 0 ||
      images.width <= 0 || images.height > (1 << 26) || images.width > (1 << 26) ||
      count > in.left() / 8 || (count != 0 && exampleBytes > in.left() / count)) {
    return std::nullopt;
  }
  images.labels.resize(static_cast<std::size_t>(count));
  for (int64_t& label : images.labels) {
    label = static_cast<int64_t>(in.number(8));
  }
  const uint8_t* pixels = in.take(exampleBytes * count);
  if (!pixels) {
    return std::nullopt;
  }
  images.pixels.assign(pixels, pixels + exampleBytes * count);
  const uint64_t skipped = in.number(8);
  for (uint64_t i = 0; in.ok() && i < skipped; ++i) {
    images.skipped.push_back(in.text());
  }
  if (!in.ok() || in.left() != 0) {
    return std::nullopt;
  }
  return images;
}

} // namespace

std::string imageCacheKey(const std::vector<ImageFile>& files,
                          const std::vector<std::string>& classNames, const ImageOptions& options) {
  std::string key = "lrscope image cache key " + std::to_string(kCacheVersion) + "\n";
  key += "size " + std::to_string(options.size.height) + "x" + std::to_string(options.size.width) +
         " channels " + std::to_string(options.channels) + " skip-bad " +
         (options.skipBadImages ? "1" : "0") + "\n";
  key += "classes " + std::to_string(classNames.size()) + "\n";
  for (const std::string& name : classNames) {
    key += field(name) + "\n";
  }
  key += "files " + std::to_string(files.size()) + "\n";
  for (const ImageFile& file : files) {
    std::error_code error;
    const std::filesystem::path path = std::filesystem::absolute(file.path, error);
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    const int64_t bytes = error ? -1 : static_cast<int64_t>(size);
    const auto modified = std::filesystem::last_write_time(path, error);
    const int64_t nanoseconds =
        error ? -1
              : std::chrono::duration_cast<std::chrono::nanoseconds>(modified.time_since_epoch())
                    .count();
    key += std::to_string(file.label) + " " + std::to_string(bytes) + " " +
           std::to_string(nanoseconds) + " " + field(path.string()) + "\n";
  }
  return key;
}

std::filesystem::path imageCacheFile(const std::filesystem::path& folder, const std::string& key) {
  uint64_t hash = 0xcbf29ce484222325ULL; // FNV-1a
  for (const char c : key) {
    hash = (hash ^ static_cast<uint8_t>(c)) * 0x100000001b3ULL;
  }
  char name[40];
  std::snprintf(name, sizeof name, "images-%016llx.bin", static_cast<unsigned long long>(hash));
  return folder / name;
}

std::optional<CachedImages> readImageCache(const std::filesystem::path& file,
                                           const std::string& key) {
  try {
    const auto bytes = readWholeFile(file);
    if (!bytes || bytes->size() < kMagicSize + 4) {
      return std::nullopt;
    }
    const std::size_t body = bytes->size() - 4;
    const uLong crc = crc32Of(crc32(0, Z_NULL, 0), bytes->data(), body);
    CacheReader tail(bytes->data() + body, 4);
    if (tail.number(4) != (crc & 0xFFFFFFFFU)) {
      return std::nullopt;
    }
    return parseCache(bytes->data(), body, key);
  } catch (const std::exception&) { // no memory for a damaged file's sizes: rebuild
    return std::nullopt;
  }
}

bool writeImageCache(const std::filesystem::path& file, const std::string& key,
                     const CachedImages& images) {
  try {
    std::error_code error;
    std::filesystem::create_directories(file.parent_path(), error);
    if (error) {
      return false;
    }
    writeFileAtomically(file, [&](std::ostream& out) {
      CacheWriter writer(out);
      writer.bytes(kMagic, kMagicSize);
      writer.number(kCacheVersion, 4);
      writer.text(key);
      writer.number(static_cast<uint64_t>(images.channels), 4);
      writer.number(static_cast<uint64_t>(images.height), 4);
      writer.number(static_cast<uint64_t>(images.width), 4);
      writer.number(images.labels.size(), 8);
      for (const int64_t label : images.labels) {
        writer.number(static_cast<uint64_t>(label), 8);
      }
      writer.bytes(images.pixels.data(), images.pixels.size());
      writer.number(images.skipped.size(), 8);
      for (const std::string& path : images.skipped) {
        writer.text(path);
      }
      const uLong crc = writer.crc();
      writer.number(crc & 0xFFFFFFFFU, 4);
    });
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

} // namespace lrscope::engine
