#pragma once

#include "lrscope/storage/storage_error.h"

#include <SQLiteCpp/Exception.h>

#include <filesystem>
#include <utility>

namespace lrscope::storage {

/// The one-line StorageError a user sees for an SQLite failure on file.
[[nodiscard]] StorageError storageError(const std::filesystem::path& file,
                                        const SQLite::Exception& error);

/// "FILE: cannot write (read-only); ..." for a file or folder the process may not write.
[[nodiscard]] StorageError readOnlyError(const std::filesystem::path& file);

/// Runs body, turning an SQLite::Exception into a StorageError naming file.
template <typename Body> auto guarded(const std::filesystem::path& file, Body&& body) {
  try {
    return std::forward<Body>(body)();
  } catch (const SQLite::Exception& error) {
    throw storageError(file, error);
  }
}

} // namespace lrscope::storage
