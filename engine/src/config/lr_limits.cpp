#include "lrscope/engine/lr_limits.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/number_text.h"

#include <cmath>

namespace lrscope::engine {

void requireUsableLr(const std::string& what, double lr) {
  if (!(lr > 0.0) || !std::isfinite(lr))
    throw InputError(what + " must be a positive number, got " + numberText(lr));
  if (lr < kSmallestLr)
    throw InputError(what + " must be at least " + numberText(kSmallestLr) +
                     " (the smallest normal float32, what the model's weights hold), got " +
                     numberText(lr));
  if (lr > kLargestLr)
    throw InputError(what + " must be at most " + numberText(kLargestLr) +
                     " (the largest float32, what the model's weights hold), got " +
                     numberText(lr));
}

} // namespace lrscope::engine
