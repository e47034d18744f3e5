#pragma once

#include "lrscope/engine/run_record.h"

#include <chrono>
#include <functional>
#include <vector>

namespace lrscope::ui {

/// Collects a run's steps and hands them on in batches, at most once per interval however fast
/// the steps come, so that the UI thread gets a few signals a second instead of one per step.
/// Lives on the thread that runs the job; the callbacks are called on it.
class StepBatcher : public engine::RunObserver {
public:
  using FirstStep = std::function<void()>;
  using Flush = std::function<void(std::vector<engine::StepRecord> batch)>;
  /// What the interval is measured on; read on the job's thread, at most once a step and once a
  /// flush.
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  /// firstStep is called once, before the first step is batched (it may be empty). An empty
  /// clock is std::chrono::steady_clock; a test passes one it steps itself.
  StepBatcher(std::chrono::milliseconds interval, FirstStep firstStep, Flush flush,
              Clock clock = {});

  void onStep(const engine::StepRecord& record) override;
  /// Hands on what is pending, if anything: the final flush at the end of a run.
  void flush();

  [[nodiscard]] int stepsSeen() const { return m_stepsSeen; }

private:
  std::chrono::milliseconds m_interval;
  FirstStep m_firstStep;
  Flush m_flush;
  Clock m_clock;
  std::vector<engine::StepRecord> m_pending;
  std::chrono::steady_clock::time_point m_lastFlush;
  int m_stepsSeen = 0;
};

} // namespace lrscope::ui
