#pragma once

#include <stdexcept>
#include <string>

namespace lrscope::storage {

/// A database problem the user can act on, in one line naming the file and what to do
/// (e.g. "runs.db: written by a newer LR Scope (schema 3, this one knows 1); upgrade LR Scope").
class StorageError : public std::runtime_error {
public:
  explicit StorageError(const std::string& message) : std::runtime_error(message) {}
};

} // namespace lrscope::storage
