#include "lrscope/engine/range_test_options.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/lr_limits.h"
#include "lrscope/engine/number_text.h"

#include <cmath>
#include <string>

namespace lrscope::engine {

void RangeTestOptions::validate() const {
  if (iterations < 5)
    throw InputError("a range test needs at least 5 iterations, got " + std::to_string(iterations));
  LrLadder(startLr, endLr, iterations, mode); // checks the LR bounds
  if (!(beta >= 0.0 && beta < 1.0))
    throw InputError("smoothing beta must be in [0, 1), got " + numberText(beta));
  if (!(divergeFactor > 1.0))
    throw InputError("divergence factor must be greater than 1, got " + numberText(divergeFactor));
  if (batchSize < 1)
    throw InputError("batch size must be at least 1, got " + std::to_string(batchSize));
  if (accumulationSteps < 1)
    throw InputError("accumulation steps must be at least 1, got " +
                     std::to_string(accumulationSteps));
  if (validateEvery < 0)
    throw InputError("validation interval must be >= 0, got " + std::to_string(validateEvery));
  if (sweptGroup && *sweptGroup < 0)
    throw InputError("swept layer group must be >= 0 (leave it out to sweep all), got " +
                     std::to_string(*sweptGroup));
  if (!(otherGroupsLr >= 0.0) || !std::isfinite(otherGroupsLr))
    throw InputError("the other groups' LR must be a positive number (0 = the start LR), got " +
                     numberText(otherGroupsLr));
  if (otherGroupsLr > 0.0)
    requireUsableLr("the other groups' LR", otherGroupsLr);
}

} // namespace lrscope::engine
