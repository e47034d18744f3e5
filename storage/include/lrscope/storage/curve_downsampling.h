#pragma once

#include "lrscope/engine/run_record.h"

#include <cstddef>
#include <vector>

namespace lrscope::storage {

/// At most about maxPoints of steps, in step order, for drawing long curves: the steps are cut
/// into maxPoints / 2 buckets and each bucket keeps its lowest and its highest raw loss, so
/// spikes and dips survive. The first and last step are always kept. maxPoints == 0 or a
/// curve already short enough returns steps unchanged.
[[nodiscard]] std::vector<engine::StepRecord>
downsampleMinMax(const std::vector<engine::StepRecord>& steps, std::size_t maxPoints);

} // namespace lrscope::storage
