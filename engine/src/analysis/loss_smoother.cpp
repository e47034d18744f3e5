#include "lrscope/engine/loss_smoother.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/number_text.h"

namespace lrscope::engine {

LossSmoother::LossSmoother(double beta) : m_beta(beta) {
  if (!(beta >= 0.0 && beta < 1.0))
    throw InputError("smoothing beta must be in [0, 1), got " + numberText(beta));
}

double LossSmoother::add(double loss) {
  m_average = m_beta * m_average + (1.0 - m_beta) * loss;
  m_betaPower *= m_beta;
  return m_average / (1.0 - m_betaPower);
}

std::vector<double> LossSmoother::smooth(const std::vector<double>& raw, double beta) {
  LossSmoother smoother(beta);
  std::vector<double> out;
  out.reserve(raw.size());
  for (const double loss : raw)
    out.push_back(smoother.add(loss));
  return out;
}

} // namespace lrscope::engine
