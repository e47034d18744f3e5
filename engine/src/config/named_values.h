#pragma once

// The value of an enum whose values have a stored text (toString), found by that text.

#include <optional>
#include <string_view>
#include <vector>

namespace lrscope::engine::detail {

/// The value among `known` whose toString is `text`; nullopt for any other text.
template <typename Enum>
[[nodiscard]] std::optional<Enum> valueNamed(std::string_view text,
                                             const std::vector<Enum>& known) {
  for (const Enum value : known) {
    if (toString(value) == text)
      return value;
  }
  return std::nullopt;
}

} // namespace lrscope::engine::detail
