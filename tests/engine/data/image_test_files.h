#pragma once

// Writers of the PNG and JPEG files the image-folder tests read back, and a scoped cache folder.

#include "test_files.h"

#include <png.h>
#include <turbojpeg.h>
#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace lrscope::engine::test {

/// Writes an 8-bit PNG with libpng's simplified API; `values` hold height x width pixels of
/// `channels` samples each: 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA.
inline void writePng(const std::filesystem::path& file, int height, int width, int channels,
                     const std::vector<uint8_t>& values) {
  static const png_uint_32 kFormats[] = {PNG_FORMAT_GRAY, PNG_FORMAT_GA, PNG_FORMAT_RGB,
                                         PNG_FORMAT_RGBA};
  if (values.size() != std::size_t(height) * width * channels) {
    throw std::invalid_argument("writePng: wrong number of samples for " + file.string());
  }
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(width);
  image.height = static_cast<png_uint_32>(height);
  image.format = kFormats[channels - 1];
  if (!png_image_write_to_file(&image, file.c_str(), 0, values.data(), 0, nullptr)) {
    throw std::runtime_error("cannot write " + file.string() + ": " + image.message);
  }
}

/// A gray PNG whose every pixel is `value`.
inline void writeGrayPng(const std::filesystem::path& file, int height, int width,
                         uint8_t value = 128) {
  writePng(file, height, width, 1, std::vector<uint8_t>(std::size_t(height) * width, value));
}

/// Writes a JPEG with TurboJPEG at quality 100 (4:4:4 for colour); channels 1 or 3.
inline void writeJpeg(const std::filesystem::path& file, int height, int width, int channels,
                      const std::vector<uint8_t>& values) {
  tjhandle handle = tjInitCompress();
  unsigned char* jpeg = nullptr;
  unsigned long size = 0;
  const int status =
      tjCompress2(handle, values.data(), width, 0, height, channels == 1 ? TJPF_GRAY : TJPF_RGB,
                  &jpeg, &size, channels == 1 ? TJSAMP_GRAY : TJSAMP_444, 100, 0);
  const std::string error = status == 0 ? "" : tjGetErrorStr2(handle);
  std::vector<uint8_t> bytes;
  if (status == 0) {
    bytes.assign(jpeg, jpeg + size);
  }
  tjFree(jpeg);
  tjDestroy(handle);
  if (status != 0) {
    throw std::runtime_error("cannot compress " + file.string() + ": " + error);
  }
  writeBytes(file, bytes);
}

/// The bytes of a PNG built chunk by chunk, for what the simplified API does not write: 16-bit
/// samples without gamma information, palettes. `rows` are the unfiltered scanlines (no filter
/// bytes); `palette` is RGB triples (colour type 3).
inline std::vector<uint8_t> pngBytes(int height, int width, int bitDepth, int colourType,
                                     const std::vector<uint8_t>& rows,
                                     const std::vector<uint8_t>& palette = {}) {
  std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  const auto be32 = [](std::vector<uint8_t>& out, uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.push_back(static_cast<uint8_t>(value >> shift));
    }
  };
  const auto chunk = [&](const char* type, const std::vector<uint8_t>& data) {
    be32(png, static_cast<uint32_t>(data.size()));
    std::vector<uint8_t> body(type, type + 4);
    body.insert(body.end(), data.begin(), data.end());
    png.insert(png.end(), body.begin(), body.end());
    be32(png, static_cast<uint32_t>(crc32(0, body.data(), static_cast<uInt>(body.size()))));
  };
  std::vector<uint8_t> header;
  be32(header, static_cast<uint32_t>(width));
  be32(header, static_cast<uint32_t>(height));
  header.insert(header.end(),
                {static_cast<uint8_t>(bitDepth), static_cast<uint8_t>(colourType), 0, 0, 0});
  chunk("IHDR", header);
  if (!palette.empty()) {
    chunk("PLTE", palette);
  }
  const std::size_t rowBytes = rows.size() / height;
  std::vector<uint8_t> filtered;
  for (int row = 0; row < height; ++row) {
    filtered.push_back(0); // filter type None
    filtered.insert(filtered.end(), rows.begin() + row * rowBytes,
                    rows.begin() + (row + 1) * rowBytes);
  }
  uLongf size = compressBound(static_cast<uLong>(filtered.size()));
  std::vector<uint8_t> compressed(size);
  compress(compressed.data(), &size, filtered.data(), static_cast<uLong>(filtered.size()));
  compressed.resize(size);
  chunk("IDAT", compressed);
  chunk("IEND", {});
  return png;
}

/// The file's bytes without its last `cut` bytes (a cut-short download).
inline void truncateFile(const std::filesystem::path& file, std::size_t cut) {
  std::filesystem::resize_file(file, std::filesystem::file_size(file) - cut);
}

/// Points $XDG_CACHE_HOME at `folder` for the life of the object, then restores it.
class ScopedCacheHome {
public:
  explicit ScopedCacheHome(const std::filesystem::path& folder) {
    if (const char* old = std::getenv("XDG_CACHE_HOME")) {
      m_old = old;
    }
    setenv("XDG_CACHE_HOME", folder.c_str(), 1);
  }
  ~ScopedCacheHome() {
    if (m_old) {
      setenv("XDG_CACHE_HOME", m_old->c_str(), 1);
    } else {
      unsetenv("XDG_CACHE_HOME");
    }
  }
  ScopedCacheHome(const ScopedCacheHome&) = delete;
  ScopedCacheHome& operator=(const ScopedCacheHome&) = delete;

private:
  std::optional<std::string> m_old;
};

/// The pixels of a decoded Dataset as integers, for EXPECT_EQ against known values.
inline std::vector<int> pixelsOf(const std::vector<float>& features) {
  return std::vector<int>(features.begin(), features.end());
}

} // namespace lrscope::engine::test
