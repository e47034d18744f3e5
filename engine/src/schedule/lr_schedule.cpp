// The schedules behind LrSchedule::create. Steps count optimizer steps from 0; N is the run's
// total steps, E the steps per epoch. Steps before 0 read as 0, steps past N-1 as N-1.
//
// constant      lr = maxLr.
// step decay    lr = max(minLr, maxLr * gamma^floor(step / stepSize)), stepSize 0 -> E.
// cosine        warm-up, step < W = warmupSteps: lr = maxLr * (step + 1) / W, so step 0 gets
//               maxLr/W (not 0, which would waste a step) and step W-1 reaches maxLr. Then
//               t = step - W, T = N - W - 1: lr = minLr + (maxLr - minLr) (1 + cos(pi t/T)) / 2,
//               maxLr at step W and minLr exactly at step N-1. T == 0 (one cosine step): maxLr.
// one-cycle     cos(a, b, p) = a + (b - a) (1 - cos(pi p)) / 2 (fastai's annealing). Peak step
//               P = round(pctStart * N), clamped to [0, N-1]. Steps 0..P: p = step / P (1 when
//               P == 0), lr = cos(maxLr/divFactor, maxLr, p), momentum cos(maxMom, baseMom, p).
//               Steps P..N-1: p = (step - P) / (N - 1 - P), lr = cos(maxLr, maxLr/finalDiv, p),
//               momentum cos(baseMom, maxMom, p). So step 0 is maxLr/div, step P exactly maxLr
//               with baseMomentum, step N-1 exactly maxLr/finalDiv with maxMomentum. Phase 1
//               is fastai's exactly when pctStart*N is whole; fastai's phase 2 divides by
//               N - P instead and never quite reaches its end value. The end value is fastai
//               v2's lr_max/div_final (PyTorch's OneCycleLR ends at max_lr/(div*final_div)).
// cyclical      Smith 2015 with t = step, S = halfCycleSteps (0 -> 2E, the low end of Smith's
//               2-10 epochs): cycle = floor(1 + t/(2S)), x = |t/S - 2 cycle + 1|,
//               lr = minLr + (maxLr - minLr) max(0, 1 - x) scale; scale 1 (triangular),
//               1/2^(cycle-1) (triangular2), expGamma^t (exp_range). lo at t = 0, 2S, 4S...,
//               hi at t = S, 3S...
// plateau       see PlateauSchedule.

#include "lrscope/engine/lr_schedule.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/number_text.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace lrscope::engine {
namespace {

constexpr double kPi = 3.14159265358979323846;

/// fastai's cosine annealing from `start` (pct 0) to `end` (pct 1), start + (end - start) w,
/// written as a blend so that both ends come out exactly and a tiny end keeps its digits.
double cosineBetween(double start, double end, double pct) {
  const double w = (1.0 - std::cos(kPi * pct)) / 2.0;
  return start * (1.0 - w) + end * w;
}

/// Steps outside the run read as its first or last step.
int clampStep(int step, int totalSteps) {
  return std::clamp(step, 0, totalSteps - 1);
}

class ConstantSchedule final : public LrSchedule {
public:
  explicit ConstantSchedule(double lr) : m_lr(lr) {}
  double lr(int) const override { return m_lr; }

private:
  double m_lr;
};

class StepDecaySchedule final : public LrSchedule {
public:
  StepDecaySchedule(const ScheduleSpec& spec, int stepsPerEpoch)
      : m_spec(spec), m_stepSize(spec.stepSize > 0 ? spec.stepSize : stepsPerEpoch) {}

  double lr(int step) const override {
    const int decays = std::max(step, 0) / m_stepSize;
    return std::max(m_spec.minLr, m_spec.maxLr * std::pow(m_spec.gamma, decays));
  }

private:
  ScheduleSpec m_spec;
  int m_stepSize;
};

class CosineWarmupSchedule final : public LrSchedule {
public:
  CosineWarmupSchedule(const ScheduleSpec& spec, int totalSteps)
      : m_spec(spec), m_totalSteps(totalSteps) {}

  double lr(int step) const override {
    step = clampStep(step, m_totalSteps);
    const int warmup = m_spec.warmupSteps;
    if (step < warmup)
      return m_spec.maxLr * (step + 1) / warmup;
    const int t = step - warmup;
    const int span = m_totalSteps - warmup - 1; // T
    if (span <= 0)
      return m_spec.maxLr;
    return m_spec.minLr + (m_spec.maxLr - m_spec.minLr) * (1.0 + std::cos(kPi * t / span)) / 2.0;
  }

private:
  ScheduleSpec m_spec;
  int m_totalSteps;
};

class OneCycleSchedule final : public LrSchedule {
public:
  OneCycleSchedule(const ScheduleSpec& spec, int totalSteps)
      : m_spec(spec), m_totalSteps(totalSteps),
        m_peak(static_cast<int>(
            std::clamp(std::round(spec.pctStart * totalSteps), 0.0, totalSteps - 1.0))) {}

  double lr(int step) const override {
    step = clampStep(step, m_totalSteps);
    const double maxLr = m_spec.maxLr;
    if (step <= m_peak)
      return cosineBetween(maxLr / m_spec.divFactor, maxLr, risePct(step));
    return cosineBetween(maxLr, maxLr / m_spec.finalDivFactor, fallPct(step));
  }

  std::optional<double> momentum(int step) const override {
    if (!m_spec.cycleMomentum)
      return std::nullopt;
    step = clampStep(step, m_totalSteps);
    if (step <= m_peak)
      return cosineBetween(m_spec.maxMomentum, m_spec.baseMomentum, risePct(step));
    return cosineBetween(m_spec.baseMomentum, m_spec.maxMomentum, fallPct(step));
  }

private:
  double risePct(int step) const { return m_peak == 0 ? 1.0 : static_cast<double>(step) / m_peak; }
  // Only called for m_peak < step <= m_totalSteps - 1, so the span is at least 1.
  double fallPct(int step) const {
    return static_cast<double>(step - m_peak) / (m_totalSteps - 1 - m_peak);
  }

  ScheduleSpec m_spec;
  int m_totalSteps;
  int m_peak; ///< the step at maxLr
};

class CyclicalSchedule final : public LrSchedule {
public:
  CyclicalSchedule(const ScheduleSpec& spec, int stepsPerEpoch)
      : m_spec(spec), m_half(spec.halfCycleSteps > 0 ? spec.halfCycleSteps
                                                     : 2.0 * static_cast<double>(stepsPerEpoch)) {}

  double lr(int step) const override {
    const double t = std::max(step, 0);
    const double cycle = std::floor(1.0 + t / (2.0 * m_half));
    const double x = std::abs(t / m_half - 2.0 * cycle + 1.0);
    return m_spec.minLr + (m_spec.maxLr - m_spec.minLr) * std::max(0.0, 1.0 - x) * scale(t, cycle);
  }

private:
  double scale(double t, double cycle) const {
    switch (m_spec.kind) {
    case ScheduleKind::Triangular2:
      return 1.0 / std::pow(2.0, cycle - 1.0);
    case ScheduleKind::ExpRange:
      return std::pow(m_spec.expGamma, t);
    default:
      return 1.0;
    }
  }

  ScheduleSpec m_spec;
  double m_half; ///< S
};

/// Starts at maxLr. At an epoch end the loss improves when it is below best * (1 - threshold)
/// (best starts at +inf, so the first finite loss improves; NaN never does). On the
/// `patience`-th consecutive epoch without improvement (any bad epoch when patience is 0 or 1),
/// as Keras and fastai count (PyTorch waits one epoch more), the LR is multiplied by factor,
/// not below plateauMinLr; an LR already at the floor is left alone and reports no change.
/// After a reduction the next `cooldown` epochs count as neither bad nor for patience (an
/// improvement during them still lowers best); counting restarts after them.
class PlateauSchedule final : public LrSchedule {
public:
  explicit PlateauSchedule(const ScheduleSpec& spec) : m_spec(spec), m_lr(spec.maxLr) {}

  double lr(int) const override { return m_lr; }

  bool onEpochEnd(int, double validationLoss) override {
    const bool improved = validationLoss < m_best * (1.0 - m_spec.plateauThreshold);
    if (improved)
      m_best = validationLoss;
    if (m_cooldownLeft > 0) {
      --m_cooldownLeft;
      m_badEpochs = 0;
      return false;
    }
    if (improved) {
      m_badEpochs = 0;
      return false;
    }
    if (++m_badEpochs < m_spec.plateauPatience)
      return false;
    m_badEpochs = 0;
    const double reduced = std::max(m_lr * m_spec.plateauFactor, m_spec.plateauMinLr);
    if (!(reduced < m_lr))
      return false;
    m_lr = reduced;
    m_cooldownLeft = m_spec.plateauCooldown;
    return true;
  }

private:
  ScheduleSpec m_spec;
  double m_lr;
  double m_best = std::numeric_limits<double>::infinity();
  int m_badEpochs = 0;
  int m_cooldownLeft = 0;
};

} // namespace

std::optional<double> LrSchedule::momentum(int) const {
  return std::nullopt;
}

bool LrSchedule::onEpochEnd(int, double) {
  return false;
}

std::unique_ptr<LrSchedule> LrSchedule::create(const ScheduleSpec& spec, int totalSteps,
                                               int stepsPerEpoch) {
  spec.validate();
  if (totalSteps < 1)
    throw InputError("schedule totalSteps must be at least 1, got " + std::to_string(totalSteps));
  if (stepsPerEpoch < 1)
    throw InputError("schedule stepsPerEpoch must be at least 1, got " +
                     std::to_string(stepsPerEpoch));
  switch (spec.kind) {
  case ScheduleKind::Constant:
    return std::make_unique<ConstantSchedule>(spec.maxLr);
  case ScheduleKind::StepDecay:
    return std::make_unique<StepDecaySchedule>(spec, stepsPerEpoch);
  case ScheduleKind::CosineWarmup:
    if (spec.warmupSteps >= totalSteps)
      throw InputError("schedule warmupSteps must be less than the run's " +
                       std::to_string(totalSteps) + " steps, got " +
                       std::to_string(spec.warmupSteps));
    return std::make_unique<CosineWarmupSchedule>(spec, totalSteps);
  case ScheduleKind::OneCycle:
    return std::make_unique<OneCycleSchedule>(spec, totalSteps);
  case ScheduleKind::Triangular:
  case ScheduleKind::Triangular2:
  case ScheduleKind::ExpRange:
    return std::make_unique<CyclicalSchedule>(spec, stepsPerEpoch);
  case ScheduleKind::ReduceOnPlateau:
    return std::make_unique<PlateauSchedule>(spec);
  }
  throw InputError("unknown schedule kind " + std::to_string(static_cast<int>(spec.kind)));
}

std::vector<double> geometricGroupFactors(double lo, double hi, int groups) {
  if (!(lo > 0.0 && lo <= hi && std::isfinite(hi)))
    throw InputError("group LRs need 0 < lo <= hi, got lo " + numberText(lo) + " and hi " +
                     numberText(hi));
  if (groups < 1)
    throw InputError("group LRs need at least 1 group, got " + std::to_string(groups));
  std::vector<double> factors(static_cast<std::size_t>(groups), 1.0);
  const double ratio = lo / hi;
  for (int g = 0; g + 1 < groups; ++g)
    factors[static_cast<std::size_t>(g)] =
        std::pow(ratio, static_cast<double>(groups - 1 - g) / (groups - 1));
  return factors;
}

} // namespace lrscope::engine
