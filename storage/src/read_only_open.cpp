#include "read_only_open.h"

#include "sqlite_errors.h"

#include <sqlite3.h>

#include <cstdio>
#include <string>

namespace lrscope::storage {
namespace {

namespace fs = std::filesystem;

/// "file:/the/path?immutable=1", the path's reserved characters percent-encoded.
std::string immutableUri(const fs::path& file) {
  std::string uri = "file:";
  for (const char c : fs::absolute(file).string()) {
    if (c == '%' || c == '?' || c == '#') {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", static_cast<unsigned char>(c));
      uri += escaped;
    } else {
      uri += c;
    }
  }
  return uri + "?immutable=1";
}

} // namespace

SQLite::Database openReadOnly(const fs::path& file, int busyTimeoutMs) {
  std::error_code error;
  if (!fs::is_regular_file(file, error)) {
    throw StorageError(file.string() + ": no such database file");
  }
  try {
    SQLite::Database db(file.string(), SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX, busyTimeoutMs);
    (void)db.execAndGet("SELECT count(*) FROM sqlite_master"); // reads the WAL index, if any
    return db;
  } catch (const SQLite::Exception& failure) {
    if ((failure.getErrorCode() & 0xff) != SQLITE_CANTOPEN &&
        (failure.getErrorCode() & 0xff) != SQLITE_READONLY) {
      throw storageError(file, failure);
    }
  }
  return guarded(file, [&] {
    return SQLite::Database(immutableUri(file),
                            SQLite::OPEN_READONLY | SQLite::OPEN_URI | SQLite::OPEN_NOMUTEX,
                            busyTimeoutMs);
  });
}

} // namespace lrscope::storage
