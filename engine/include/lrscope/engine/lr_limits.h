#pragma once

#include <limits>
#include <string>

namespace lrscope::engine {

/// Learning rates meet the models' float32 parameters, so an LR is a normal float32: at least
/// kSmallestLr (1.2e-38; below it float32 loses precision, then rounds to 0) and at most
/// kLargestLr (3.4e38; above it the LR itself is infinite to the model).
inline constexpr double kSmallestLr = std::numeric_limits<float>::min();
inline constexpr double kLargestLr = std::numeric_limits<float>::max();

/// Throws InputError, naming `what` ("end LR", "schedule maxLr") and the value, unless lr is a
/// finite number in [kSmallestLr, kLargestLr].
void requireUsableLr(const std::string& what, double lr);

} // namespace lrscope::engine
