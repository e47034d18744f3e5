#include "lrscope/engine/atomic_file.h"

#include "lrscope/engine/input_error.h"

#include <array>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
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

/// The files this process has read, for refuseUnsafeOutput.
class InputFiles {
public:
  void remember(const std::filesystem::path& file) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_files.insert(file);
  }

  /// The input that `file` is (through a link, maybe), if any.
  [[nodiscard]] std::optional<std::filesystem::path> sameAs(const std::filesystem::path& file) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    for (const std::filesystem::path& input : m_files) {
      std::error_code error; // a file not there is no input
      if (std::filesystem::equivalent(file, input, error))
        return input;
    }
    return std::nullopt;
  }

private:
  std::mutex m_mutex;
  std::set<std::filesystem::path> m_files; ///< a set: an image folder remembers 10,000s
};

InputFiles& inputFiles() {
  static InputFiles files;
  return files;
}

} // namespace

void rememberInputFile(const std::filesystem::path& file) {
  inputFiles().remember(file);
}

void refuseUnsafeOutput(const std::filesystem::path& file) {
  if (const std::optional<std::filesystem::path> input = inputFiles().sameAs(file)) {
    throw InputError(file.string() + ": is " +
                     (input->lexically_normal() == file.lexically_normal()
                          ? std::string("one of this command's inputs")
                          : "the input " + input->string() + " (through a link)") +
                     "; refusing to write over it, choose another file name");
  }
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
  refuseUnsafeOutput(file);
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
