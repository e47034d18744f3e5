#pragma once

#include <string>

namespace lrscope::engine {

/// The shortest text that reads back as the same double ("0.1", "1e-07", "nan"), for
/// messages and files.
[[nodiscard]] std::string numberText(double value);

} // namespace lrscope::engine
