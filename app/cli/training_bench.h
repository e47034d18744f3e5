#pragma once

#include "lrscope/engine/device.h"

namespace lrscope::cli {

/// `lrscope bench --training`: one epoch of the small CNN on the whole Fashion-MNIST training
/// set (batch 128) through the training job, against its own floor, forward + backward + step
/// on a batch already in memory; the two alternate in blocks of 10 steps inside the epoch and
/// the median of the blocks' ratios is the figure. Prints a table, or JSON.
void runTrainingBench(const engine::Device& device, bool json);

} // namespace lrscope::cli
