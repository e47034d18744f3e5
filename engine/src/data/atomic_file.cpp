#include "lrscope/engine/atomic_file.h"

#include "lrscope/engine/input_error.h"

#include <array>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <utility>

#include <sys/stat.h>

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

/// The files this process has read, for refuseUnsafeOutput: by path and by the file each one is
/// (device and inode, so that a link to one is found too), looked up without touching the disk
/// for each input; an image folder remembers tens of thousands.
class InputFiles {
public:
  void remember(const std::filesystem::path& file) {
    const std::optional<FileId> id = idOf(file);
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_paths.insert(normal(file));
    if (id)
      m_ids.emplace(*id, file);
    else
      m_unresolved.insert(file); // not there now: compared by path when an output is checked
  }

  /// The input that `file` is (through a link, maybe), if any.
  [[nodiscard]] std::optional<std::filesystem::path> sameAs(const std::filesystem::path& file) {
    const std::optional<FileId> id = idOf(file);
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (m_paths.count(normal(file)) != 0)
      return file;
    if (id)
      if (const auto found = m_ids.find(*id); found != m_ids.end()) {
        std::error_code error; // an input deleted since, whose inode a new file took, is none
        if (std::filesystem::equivalent(file, found->second, error))
          return found->second;
      }
    for (const std::filesystem::path& input : m_unresolved) {
      std::error_code error; // a file not there is no input
      if (std::filesystem::equivalent(file, input, error))
        return input;
    }
    return std::nullopt;
  }

private:
  using FileId = std::pair<dev_t, ino_t>;

  static std::optional<FileId> idOf(const std::filesystem::path& file) {
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0)
      return std::nullopt;
    return FileId{info.st_dev, info.st_ino};
  }
  static std::filesystem::path normal(const std::filesystem::path& file) {
    std::error_code error;
    const std::filesystem::path absolute = std::filesystem::absolute(file, error);
    return (error ? file : absolute).lexically_normal();
  }

  std::mutex m_mutex;
  std::set<std::filesystem::path> m_paths;
  std::map<FileId, std::filesystem::path> m_ids;
  std::set<std::filesystem::path> m_unresolved;
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
