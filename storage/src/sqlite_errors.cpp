#include "sqlite_errors.h"

#include <sqlite3.h>
#include <unistd.h>

#include <system_error>

namespace lrscope::storage {
namespace {

/// Whether this process may write the file (or create it in its folder).
bool writable(const std::filesystem::path& file) {
  const std::filesystem::path folder = file.has_parent_path() ? file.parent_path() : ".";
  if (::access(folder.c_str(), W_OK) != 0) {
    return false;
  }
  std::error_code error;
  return !std::filesystem::exists(file, error) || ::access(file.c_str(), W_OK) == 0;
}

} // namespace

StorageError readOnlyError(const std::filesystem::path& file) {
  return StorageError(file.string() +
                      ": cannot write (read-only); check permissions or choose another --db");
}

StorageError storageError(const std::filesystem::path& file, const SQLite::Exception& error) {
  const std::string name = file.string();
  const int code = error.getErrorCode() & 0xff; // the primary code of an extended one
  switch (code) {
  case SQLITE_NOTADB:
  case SQLITE_CORRUPT:
    return StorageError(name + ": not an LR Scope database (" + error.what() + ")");
  case SQLITE_READONLY:
    return readOnlyError(file);
  case SQLITE_CANTOPEN:
    if (!writable(file)) {
      return readOnlyError(file);
    }
    return StorageError(name + ": cannot open (" + error.what() + ")");
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    return StorageError(name + ": locked by another process for more than 5 s; try again");
  default:
    return StorageError(name + ": " + error.what());
  }
}

} // namespace lrscope::storage
