#pragma once

#include <optional>
#include <string>

namespace lrscope::engine {

/// The shortest text that reads back as the same double ("0.1", "1e-07", "nan"), for
/// messages and files.
[[nodiscard]] std::string numberText(double value);

/// A whole decimal number of at most 9 digits (no sign, no spaces), or nothing: "3" in
/// "--shard 3/4" or "cuda:3".
[[nodiscard]] std::optional<int> wholeNumber(const std::string& text);

} // namespace lrscope::engine
