#include "lrscope/engine/atomic_file.h"

#include "lrscope/engine/input_error.h"

#include <array>
#include <cstring>
#include <fstream>
#include <string>
#include <system_error>

namespace lrscope::engine {
namespace {

/// Whether the file starts with SQLite's header; false when it cannot be read.
bool isSqliteDatabase(const std::filesystem::path& file) {
  static constexpr char kHeader[] = "SQLite format 3"; // 16 bytes with its NUL
  std::array<char, sizeof kHeader> start{};
  std::ifstream in(file, std::ios::binary);
  return in.read(start.data(), start.size()) &&
         std::memcmp(start.data(), kHeader, sizeof kHeader) == 0;
}

} // namespace

void refuseToOverwriteDatabase(const std::filesystem::path& file) {
  if (isSqliteDatabase(file)) {
    throw InputError(file.string() +
                     ": is a database; refusing to write over it, choose another file name");
  }
  const std::string name = file.filename().string();
  for (const std::string suffix : {"-wal", "-shm", "-journal"}) {
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      std::filesystem::path database = file;
      database.replace_filename(name.substr(0, name.size() - suffix.size()));
      if (isSqliteDatabase(database)) {
        throw InputError(file.string() + ": belongs to the database " + database.string() +
                         "; refusing to write over it, choose another file name");
      }
    }
  }
}

void writeFileAtomically(const std::filesystem::path& file,
                         const std::function<void(std::ostream&)>& write) {
  refuseToOverwriteDatabase(file);
  std::filesystem::path temporary = file;
  temporary += ".part";
  std::error_code error;
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) {
      throw InputError(file.string() + ": cannot write here; choose a writable folder");
    }
    try {
      write(out);
    } catch (...) {
      out.close();
      std::filesystem::remove(temporary, error);
      throw;
    }
    out.flush();
    if (!out) {
      out.close();
      std::filesystem::remove(temporary, error);
      throw InputError(file.string() + ": writing failed (disk full?)");
    }
  }
  std::filesystem::rename(temporary, file, error);
  if (error) {
    const std::string reason = error.message();
    std::filesystem::remove(temporary, error);
    throw InputError(file.string() + ": cannot replace the file: " + reason);
  }
}

} // namespace lrscope::engine
