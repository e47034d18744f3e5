#include "lrscope/engine/training_job.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/number_text.h"

#include <cmath>

// LiveLrControl is plain C++ (the app's widgets call request() without linking libtorch).
namespace lrscope::engine {

void LiveLrControl::request(LrChange::Kind kind, double value) {
  if (!(value > 0.0) || !std::isfinite(value))
    throw InputError(std::string(kind == LrChange::Kind::Set ? "an LR" : "an LR factor") +
                     " must be a positive number, got " + numberText(value));
  const std::lock_guard<std::mutex> lock(m_mutex);
  m_pending.push_back({0, kind, value});
}

std::vector<LrChange> LiveLrControl::take() {
  const std::lock_guard<std::mutex> lock(m_mutex);
  std::vector<LrChange> changes;
  changes.swap(m_pending);
  return changes;
}

} // namespace lrscope::engine
