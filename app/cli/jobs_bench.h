#pragma once

#include "lrscope/engine/device.h"

#include <cstdint>

namespace lrscope::cli {

/// `lrscope bench --jobs`: a repeated range test of 4 repeats (the small CNN on a Fashion-MNIST
/// sample, `iterations` steps each) run one repeat at a time and then two side by side, each
/// timed from the command's start (loading the data included) to its end, and their ratio.
/// Target: two side by side take at most 0.6x the time of one at a time. Also checks that both
/// give bit-identical curves. Prints a table, or JSON {"jobs": {"repeats", "sequential_seconds",
/// "parallel_seconds", "ratio", "target", "pass", "identical"}}.
void runJobsBench(int iterations, int64_t sample, const engine::Device& device, bool json);

} // namespace lrscope::cli
