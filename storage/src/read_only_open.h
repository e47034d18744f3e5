#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>

namespace lrscope::storage {

/// Opens an existing database to read it only: the file is not written. A database in WAL
/// mode needs its shared-memory index (-shm, made beside it) even to be read; where that cannot
/// be made (a write-protected folder, a read-only mount) it is opened in SQLite's immutable
/// mode, which needs none and assumes nobody writes the file meanwhile. Throws StorageError
/// naming the file when it is missing or cannot be read.
[[nodiscard]] SQLite::Database openReadOnly(const std::filesystem::path& file, int busyTimeoutMs);

} // namespace lrscope::storage
