#include "lrscope/engine/sweep_extremes.h"

#include <algorithm>

namespace lrscope::engine {
namespace {

bool stopped(CandidateStatus status) {
  return status == CandidateStatus::Eliminated || status == CandidateStatus::Diverged;
}

} // namespace

SweepExtremes findSweepExtremes(const std::vector<CandidateStatus>& statusesByLr) {
  SweepExtremes extremes;
  const std::size_t n = statusesByLr.size();
  const auto best = std::find(statusesByLr.begin(), statusesByLr.end(), CandidateStatus::Best);
  if (best != statusesByLr.end())
    extremes.best = static_cast<std::size_t>(best - statusesByLr.begin());
  const std::size_t below = extremes.best.value_or(n);
  for (std::size_t i = 0; i < below && !extremes.lowestEliminated; ++i) {
    if (stopped(statusesByLr[i]))
      extremes.lowestEliminated = i;
  }
  const std::size_t above = extremes.best ? *extremes.best + 1 : 0;
  for (std::size_t i = n; i-- > above && !extremes.highestEliminated;) {
    if (stopped(statusesByLr[i]))
      extremes.highestEliminated = i;
  }
  return extremes;
}

} // namespace lrscope::engine
