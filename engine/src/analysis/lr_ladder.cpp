#include "lrscope/engine/lr_ladder.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/lr_limits.h"
#include "lrscope/engine/number_text.h"

#include <cmath>

namespace lrscope::engine {

std::string toString(LadderMode mode) {
  return mode == LadderMode::Exponential ? "exp" : "linear";
}

LadderMode parseLadderMode(const std::string& text) {
  if (text == "exp" || text == "exponential")
    return LadderMode::Exponential;
  if (text == "linear")
    return LadderMode::Linear;
  throw InputError("unknown ladder mode \"" + text + "\" (use exp or linear)");
}

LrLadder::LrLadder(double start, double end, int steps, LadderMode mode)
    : m_start(start), m_end(end), m_steps(steps), m_mode(mode) {
  requireUsableLr("start LR", start);
  requireUsableLr("end LR", end);
  if (!(end > start))
    throw InputError("end LR must be greater than start LR (" + numberText(start) + "), got " +
                     numberText(end));
  if (steps < 2)
    throw InputError("a ladder needs at least 2 steps, got " + std::to_string(steps));
}

double LrLadder::at(int step) const {
  if (step <= 0)
    return m_start;
  if (step >= m_steps - 1)
    return m_end; // exact, not start * ratio^1 with rounding
  const double t = static_cast<double>(step) / (m_steps - 1);
  if (m_mode == LadderMode::Exponential)
    return m_start * std::pow(m_end / m_start, t);
  return m_start + (m_end - m_start) * t;
}

std::vector<double> LrLadder::values() const {
  std::vector<double> lrs(static_cast<std::size_t>(m_steps));
  for (int i = 0; i < m_steps; ++i)
    lrs[static_cast<std::size_t>(i)] = at(i);
  return lrs;
}

} // namespace lrscope::engine
