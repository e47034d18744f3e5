#include "lrscope/engine/number_text.h"

#include <array>
#include <charconv>

namespace lrscope::engine {

std::string numberText(double value) {
  std::array<char, 32> buffer{};
  const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return error == std::errc{} ? std::string(buffer.data(), end) : std::to_string(value);
}

} // namespace lrscope::engine
