#pragma once

#include "lrscope/engine/sweep_job.h"

#include <cstddef>
#include <optional>
#include <vector>

namespace lrscope::engine {

/// Indices into a sweep's candidates (lowest LR first): the winner, and the lowest LR stopped
/// (eliminated or diverged) below it and the highest stopped above it; without a winner, the
/// lowest and the highest stopped of all. Absent when there is none.
struct SweepExtremes {
  std::optional<std::size_t> best;
  std::optional<std::size_t> lowestEliminated;
  std::optional<std::size_t> highestEliminated;
};

/// The extremes of candidates with these statuses, lowest LR first; the winner is the first
/// whose status is Best. The engine's SweepReport and the stored sweep's summary both use it.
[[nodiscard]] SweepExtremes findSweepExtremes(const std::vector<CandidateStatus>& statusesByLr);

} // namespace lrscope::engine
