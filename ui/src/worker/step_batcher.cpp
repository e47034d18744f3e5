#include "worker/step_batcher.h"

#include <utility>

namespace lrscope::ui {

StepBatcher::StepBatcher(std::chrono::milliseconds interval, FirstStep firstStep, Flush flush,
                         Clock clock)
    : m_interval(interval), m_firstStep(std::move(firstStep)), m_flush(std::move(flush)),
      m_clock(clock ? std::move(clock) : [] { return std::chrono::steady_clock::now(); }) {}

void StepBatcher::onStep(const engine::StepRecord& record) {
  const bool first = m_stepsSeen == 0;
  if (first && m_firstStep)
    m_firstStep();
  ++m_stepsSeen;
  m_pending.push_back(record);
  // The first step goes out at once so that the plot starts; then at most one batch per
  // interval. Steps are only handed on from here: a stall inside a step delays its batch.
  if (first || m_clock() - m_lastFlush >= m_interval)
    flush();
}

void StepBatcher::flush() {
  m_lastFlush = m_clock();
  if (m_pending.empty())
    return;
  std::vector<engine::StepRecord> batch;
  batch.swap(m_pending);
  m_flush(std::move(batch));
}

} // namespace lrscope::ui
