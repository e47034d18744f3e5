#include "lrscope/engine/run_record.h"

namespace lrscope::engine {

std::string toString(RunStatus status) {
  switch (status) {
  case RunStatus::Running:
    return "running";
  case RunStatus::Completed:
    return "completed";
  case RunStatus::Diverged:
    return "diverged";
  case RunStatus::Cancelled:
    return "cancelled";
  case RunStatus::Failed:
    return "failed";
  }
  return "unknown";
}

LrCurve RangeTestResult::curve() const {
  LrCurve curve;
  for (const StepRecord& record : steps) {
    curve.lrs.push_back(record.curveLr());
    curve.losses.push_back(record.smoothedLoss);
    curve.rawLosses.push_back(record.loss);
  }
  return curve;
}

ObserverFanOut::ObserverFanOut(std::vector<RunObserver*> observers)
    : m_observers(std::move(observers)) {}

void ObserverFanOut::onStep(const StepRecord& record) {
  for (RunObserver* observer : m_observers) {
    if (observer != nullptr) {
      observer->onStep(record);
    }
  }
}

} // namespace lrscope::engine
