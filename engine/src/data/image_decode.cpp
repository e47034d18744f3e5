#include "data/image_decode.h"

#include "lrscope/engine/input_error.h"

#include <png.h>
#include <turbojpeg.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <vector>

namespace lrscope::engine {

namespace {

constexpr std::array<uint8_t, 8> kPngSignature = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
constexpr std::array<uint8_t, 3> kJpegSignature = {0xFF, 0xD8, 0xFF};
constexpr std::streamoff kMaxImageFileBytes = std::streamoff{1} << 30;

template <std::size_t N>
bool startsWith(const uint8_t* bytes, std::size_t size, const std::array<uint8_t, N>& magic) {
  return size >= N && std::memcmp(bytes, magic.data(), N) == 0;
}

/// Refuses a declared size before anything that large is allocated.
void checkDimensions(const std::string& where, int64_t height, int64_t width) {
  if (height <= 0 || width <= 0 || height * width > kMaxImagePixels) {
    throw InputError(where + ": " + std::to_string(width) + "x" + std::to_string(height) +
                     " pixels is more than LR Scope reads (" + std::to_string(kMaxImagePixels) +
                     " pixels); make the image smaller");
  }
}

/// An uninitialised buffer: the decoder writes every byte, and a damaged file that declares a
/// large image fails without the whole buffer ever being touched.
std::unique_ptr<uint8_t[]> rawBuffer(std::size_t size) {
  return std::unique_ptr<uint8_t[]>(new uint8_t[size]);
}

/// Keeps the first `kept` of every `stride` samples (drops alpha).
std::vector<uint8_t> keepChannels(const uint8_t* samples, std::size_t pixels, int stride,
                                  int kept) {
  std::vector<uint8_t> values(pixels * static_cast<std::size_t>(kept));
  for (std::size_t pixel = 0; pixel < pixels; ++pixel) {
    for (int channel = 0; channel < kept; ++channel) {
      values[pixel * kept + channel] = samples[pixel * stride + channel];
    }
  }
  return values;
}

struct PngImageFree {
  void operator()(png_image* image) const { png_image_free(image); }
};

/// libpng's simplified API: errors come back in image.message (no longjmp through our frames).
ImagePixels decodePng(const uint8_t* bytes, std::size_t size, const std::string& where) {
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  const std::unique_ptr<png_image, PngImageFree> freeImage(&image);
  if (!png_image_begin_read_from_memory(&image, bytes, size)) {
    throw InputError(where + ": not a readable PNG image: " + image.message);
  }
  checkDimensions(where, image.height, image.width);
  const bool colour = (image.format & PNG_FORMAT_FLAG_COLOR) != 0;
  const bool alpha = (image.format & PNG_FORMAT_FLAG_ALPHA) != 0;
  // 8-bit output, with alpha when the file has it (dropped below: asking for none would make
  // libpng composite onto a background). 16-bit samples without gamma information are taken
  // as sRGB, so that they are scaled to 8 bits rather than gamma-encoded as if linear.
  image.format = (colour ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY) | (alpha ? PNG_FORMAT_FLAG_ALPHA : 0);
  image.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
  const int stride = (colour ? 3 : 1) + (alpha ? 1 : 0);
  const std::size_t pixels = std::size_t{image.height} * image.width;
  const auto buffer = rawBuffer(pixels * stride);
  if (!png_image_finish_read(&image, nullptr, buffer.get(), 0, nullptr)) {
    throw InputError(where + ": damaged or cut-short PNG image: " + image.message);
  }
  ImagePixels result;
  result.height = static_cast<int>(image.height);
  result.width = static_cast<int>(image.width);
  result.channels = colour ? 3 : 1;
  result.values = alpha ? keepChannels(buffer.get(), pixels, stride, result.channels)
                        : std::vector<uint8_t>(buffer.get(), buffer.get() + pixels * stride);
  return result;
}

struct TjDestroy {
  void operator()(void* handle) const { tjDestroy(handle); }
};

/// TurboJPEG; a warning (a cut-short file) is an error too.
ImagePixels decodeJpeg(const uint8_t* bytes, std::size_t size, const std::string& where) {
  const std::unique_ptr<void, TjDestroy> handle(tjInitDecompress());
  if (!handle) {
    throw InputError(where + ": cannot start the JPEG decoder: " + tjGetErrorStr2(nullptr));
  }
  int width = 0;
  int height = 0;
  int subsampling = 0;
  int colourspace = 0;
  if (tjDecompressHeader3(handle.get(), bytes, static_cast<unsigned long>(size), &width, &height,
                          &subsampling, &colourspace) != 0) {
    throw InputError(where + ": not a readable JPEG image: " + tjGetErrorStr2(handle.get()));
  }
  checkDimensions(where, height, width);
  if (colourspace == TJCS_CMYK || colourspace == TJCS_YCCK) {
    throw InputError(where + ": a CMYK JPEG image; LR Scope reads gray and RGB JPEGs, so save "
                             "it as RGB");
  }
  ImagePixels result;
  result.height = height;
  result.width = width;
  result.channels = colourspace == TJCS_GRAY ? 1 : 3;
  const std::size_t count = std::size_t(height) * width * result.channels;
  const auto buffer = rawBuffer(count);
  if (tjDecompress2(handle.get(), bytes, static_cast<unsigned long>(size), buffer.get(), width, 0,
                    height, result.channels == 1 ? TJPF_GRAY : TJPF_RGB,
                    TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS) != 0) {
    throw InputError(where + ": damaged or cut-short JPEG image: " + tjGetErrorStr2(handle.get()));
  }
  result.values.assign(buffer.get(), buffer.get() + count);
  return result;
}

std::string firstBytesText(const uint8_t* bytes, std::size_t size) {
  std::string text;
  for (std::size_t i = 0; i < size && i < 4; ++i) {
    char hex[4];
    std::snprintf(hex, sizeof hex, "%s%02X", i ? " " : "", bytes[i]);
    text += hex;
  }
  return text;
}

} // namespace

ImagePixels decodeImageBytes(const uint8_t* bytes, std::size_t size, const std::string& where) {
  if (startsWith(bytes, size, kPngSignature)) {
    return decodePng(bytes, size, where);
  }
  if (startsWith(bytes, size, kJpegSignature)) {
    return decodeJpeg(bytes, size, where);
  }
  if (size == 0) {
    throw InputError(where + ": the file is empty, not a PNG or JPEG image");
  }
  throw InputError(where + ": not a PNG or JPEG image (it starts with the bytes " +
                   firstBytesText(bytes, size) + ")");
}

ImagePixels decodeImageFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  const std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : -1;
  if (size < 0) {
    throw InputError(file.string() + ": cannot open the file for reading; check its permissions");
  }
  if (size > kMaxImageFileBytes) {
    throw InputError(file.string() + ": " + std::to_string(size) +
                     " bytes is more than an image file LR Scope reads (1 GiB)");
  }
  std::vector<uint8_t> bytes(static_cast<std::size_t>(size));
  in.seekg(0);
  if (!in.read(reinterpret_cast<char*>(bytes.data()), size)) {
    throw InputError(file.string() + ": reading the file failed");
  }
  return decodeImageBytes(bytes.data(), bytes.size(), file.string());
}

} // namespace lrscope::engine
