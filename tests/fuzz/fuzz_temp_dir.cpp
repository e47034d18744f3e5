#include "fuzz_temp_dir.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace lrscope::fuzz {

namespace {

std::filesystem::path rootFolder() {
  if (const char* chosen = std::getenv("LRSCOPE_FUZZ_TMP"); chosen && *chosen) {
    return chosen;
  }
  std::error_code ec;
  if (std::filesystem::is_directory("/dev/shm", ec) && access("/dev/shm", W_OK) == 0) {
    return "/dev/shm";
  }
  return std::filesystem::temp_directory_path();
}

} // namespace

FuzzTempDir::FuzzTempDir() : m_path(rootFolder() / ("lrscope-fuzz-" + std::to_string(getpid()))) {
  std::filesystem::create_directories(m_path);
}

FuzzTempDir::~FuzzTempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(m_path, ignored);
}

void FuzzTempDir::clear() const {
  for (const auto& entry : std::filesystem::directory_iterator(m_path)) {
    std::filesystem::remove_all(entry.path());
  }
}

std::filesystem::path FuzzTempDir::write(const std::string& name, const uint8_t* data,
                                         std::size_t size) const {
  const std::filesystem::path file = m_path / name;
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  out.close();
  if (!out) {
    throw std::runtime_error("cannot write the fuzz input " + file.string());
  }
  return file;
}

} // namespace lrscope::fuzz
