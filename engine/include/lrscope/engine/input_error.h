#pragma once

#include <stdexcept>
#include <string>

namespace lrscope::engine {

/// A problem with what the user gave us (a file, a flag, a config field). The message says what
/// is wrong and where, in one line, so that it can be shown as is.
class InputError : public std::runtime_error {
public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

} // namespace lrscope::engine
