#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace lrscope::fuzz {

/// The folder where one fuzzer process writes its inputs as files, since the readers take
/// paths: lrscope-fuzz-PID under $LRSCOPE_FUZZ_TMP when set, else /dev/shm (memory, so
/// millions of writes cost no disk), else the system's temp folder. Removed at exit.
class FuzzTempDir {
public:
  FuzzTempDir();
  ~FuzzTempDir();
  FuzzTempDir(const FuzzTempDir&) = delete;
  FuzzTempDir& operator=(const FuzzTempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

  /// Removes everything in the folder, so that no file of an earlier input (a database's
  /// -wal, a batch the input has no part for) changes what this one reads.
  void clear() const;

  /// Writes the bytes to `name` in the folder; returns its path. Throws std::runtime_error
  /// when it cannot, which stops the fuzzer: that is the machine, not a finding.
  std::filesystem::path write(const std::string& name, const uint8_t* data, std::size_t size) const;

private:
  std::filesystem::path m_path;
};

} // namespace lrscope::fuzz
