#include "lrscope/engine/number_text.h"

#include <array>
#include <charconv>

namespace lrscope::engine {

std::string numberText(double value) {
  std::array<char, 32> buffer{};
  const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return error == std::errc{} ? std::string(buffer.data(), end) : std::to_string(value);
}

std::optional<int> wholeNumber(const std::string& text) {
  if (text.empty() || text.size() > 9)
    return std::nullopt;
  int value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9')
      return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

} // namespace lrscope::engine
