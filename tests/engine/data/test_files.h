#pragma once

// Helpers for the data tests: a temporary folder that removes itself, and writers for the small
// files the tests read back.

#include "common/temp_dir.h"
#include "lrscope/engine/input_error.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace lrscope::engine::test {

using lrscope::test::TempDir;

inline void writeBytes(const std::filesystem::path& file, const std::vector<uint8_t>& bytes) {
  std::ofstream out(file, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    throw std::runtime_error("cannot write " + file.string());
  }
}

inline void writeText(const std::filesystem::path& file, const std::string& text) {
  writeBytes(file, std::vector<uint8_t>(text.begin(), text.end()));
}

/// The file's bytes as they are on disk.
[[nodiscard]] inline std::string readText(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void writeGzip(const std::filesystem::path& file, const std::vector<uint8_t>& bytes) {
  gzFile gz = gzopen(file.c_str(), "wb");
  if (gz == nullptr) {
    throw std::runtime_error("cannot open " + file.string());
  }
  const int written = gzwrite(gz, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(gz);
  if (written != static_cast<int>(bytes.size())) {
    throw std::runtime_error("cannot write " + file.string());
  }
}

/// An IDX file of unsigned bytes: magic 0x0000 08 <rank>, big-endian dims, then the values.
inline std::vector<uint8_t> idxBytes(const std::vector<uint32_t>& dims,
                                     const std::vector<uint8_t>& values) {
  std::vector<uint8_t> bytes = {0, 0, 0x08, static_cast<uint8_t>(dims.size())};
  for (const uint32_t dim : dims) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      bytes.push_back(static_cast<uint8_t>(dim >> shift));
    }
  }
  bytes.insert(bytes.end(), values.begin(), values.end());
  return bytes;
}

/// The message of the InputError that `action` throws; a test failure when it throws none.
template <typename Action> std::string inputErrorOf(Action&& action) {
  try {
    action();
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected an InputError";
  return {};
}

/// True when `text` holds `part`; use as EXPECT_TRUE(contains(message, "x")) << message.
[[nodiscard]] inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace lrscope::engine::test
