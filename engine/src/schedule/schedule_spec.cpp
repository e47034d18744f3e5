#include "lrscope/engine/lr_schedule.h"

#include "config/config_json.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/lr_limits.h"
#include "lrscope/engine/number_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <utility>

namespace lrscope::engine {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<ScheduleKind, const char*>, 8> kKindNames{{
    {ScheduleKind::Constant, "constant"},
    {ScheduleKind::StepDecay, "step"},
    {ScheduleKind::CosineWarmup, "cosine"},
    {ScheduleKind::OneCycle, "one-cycle"},
    {ScheduleKind::Triangular, "triangular"},
    {ScheduleKind::Triangular2, "triangular2"},
    {ScheduleKind::ExpRange, "exp-range"},
    {ScheduleKind::ReduceOnPlateau, "plateau"},
}};

std::string field(const char* name) {
  return std::string("schedule ") + name;
}

void requireAtLeastOne(const char* name, double value) {
  if (!(value >= 1.0))
    throw InputError(field(name) + " must be >= 1, got " + numberText(value));
  if (!std::isfinite(value))
    throw InputError(field(name) + " must be finite, got " + numberText(value));
}

void requireNonNegative(const char* name, double value) {
  if (!(value >= 0.0 && std::isfinite(value)))
    throw InputError(field(name) + " must be a finite number >= 0, got " + numberText(value));
}

void requireNonNegative(const char* name, int value, const char* zeroMeans = nullptr) {
  if (value < 0)
    throw InputError(field(name) + " must be >= 0" +
                     (zeroMeans ? std::string(" (0: ") + zeroMeans + ")" : std::string()) +
                     ", got " + std::to_string(value));
}

/// lowOpen/highOpen: whether the bound itself is excluded.
void requireWithin(const char* name, double value, double low, bool lowOpen, double high,
                   bool highOpen) {
  const bool aboveLow = lowOpen ? value > low : value >= low;
  const bool belowHigh = highOpen ? value < high : value <= high;
  if (!(aboveLow && belowHigh))
    throw InputError(field(name) + " must be in " + (lowOpen ? "(" : "[") + numberText(low) + ", " +
                     numberText(high) + (highOpen ? ")" : "]") + ", got " + numberText(value));
}

void requireAtMost(const char* name, double value, const char* boundName, double bound) {
  if (value > bound)
    throw InputError(field(name) + " must not exceed " + boundName + " (" + numberText(bound) +
                     "), got " + numberText(value));
}

} // namespace

std::string toString(ScheduleKind kind) {
  for (const auto& [k, name] : kKindNames)
    if (k == kind)
      return name;
  return "unknown";
}

ScheduleKind parseScheduleKind(const std::string& text) {
  std::string known;
  for (const auto& [kind, name] : kKindNames) {
    if (text == name)
      return kind;
    known += (known.empty() ? "" : ", ") + std::string(name);
  }
  throw InputError("unknown schedule \"" + text + "\" (use " + known + ")");
}

void ScheduleSpec::validate() const {
  requireUsableLr(field("maxLr"), maxLr);
  requireNonNegative("minLr", minLr);
  requireAtMost("minLr", minLr, "maxLr", maxLr);
  requireNonNegative("stepSize", stepSize, "one epoch");
  requireWithin("gamma", gamma, 0.0, true, 1.0, false);
  requireNonNegative("warmupSteps", warmupSteps);
  requireAtLeastOne("divFactor", divFactor);
  requireAtLeastOne("finalDivFactor", finalDivFactor);
  requireWithin("pctStart", pctStart, 0.0, false, 1.0, false);
  requireWithin("maxMomentum", maxMomentum, 0.0, false, 1.0, true);
  requireWithin("baseMomentum", baseMomentum, 0.0, false, 1.0, true);
  requireAtMost("baseMomentum", baseMomentum, "maxMomentum", maxMomentum);
  requireNonNegative("halfCycleSteps", halfCycleSteps, "two epochs");
  requireWithin("expGamma", expGamma, 0.0, true, 1.0, false);
  requireWithin("plateauFactor", plateauFactor, 0.0, true, 1.0, true);
  requireNonNegative("plateauPatience", plateauPatience);
  requireWithin("plateauThreshold", plateauThreshold, 0.0, false, 1.0, true);
  requireNonNegative("plateauCooldown", plateauCooldown);
  requireNonNegative("plateauMinLr", plateauMinLr);
  requireAtMost("plateauMinLr", plateauMinLr, "maxLr", maxLr);
}

json toJson(const ScheduleSpec& s) {
  return json{{"kind", toString(s.kind)},
              {"max_lr", s.maxLr},
              {"min_lr", s.minLr},
              {"step_size", s.stepSize},
              {"gamma", s.gamma},
              {"warmup_steps", s.warmupSteps},
              {"div_factor", s.divFactor},
              {"final_div_factor", s.finalDivFactor},
              {"pct_start", s.pctStart},
              {"cycle_momentum", s.cycleMomentum},
              {"max_momentum", s.maxMomentum},
              {"base_momentum", s.baseMomentum},
              {"half_cycle_steps", s.halfCycleSteps},
              {"exp_gamma", s.expGamma},
              {"plateau_factor", s.plateauFactor},
              {"plateau_patience", s.plateauPatience},
              {"plateau_threshold", s.plateauThreshold},
              {"plateau_cooldown", s.plateauCooldown},
              {"plateau_min_lr", s.plateauMinLr}};
}

ScheduleSpec scheduleSpecFromJson(const json& object) {
  ScheduleSpec s;
  auto reader = detail::ConfigSection::ofObject(object, "schedule");
  std::string kind = toString(s.kind);
  reader.read("kind", kind);
  reader.read("max_lr", s.maxLr);
  reader.read("min_lr", s.minLr);
  reader.read("step_size", s.stepSize);
  reader.read("gamma", s.gamma);
  reader.read("warmup_steps", s.warmupSteps);
  reader.read("div_factor", s.divFactor);
  reader.read("final_div_factor", s.finalDivFactor);
  reader.read("pct_start", s.pctStart);
  reader.read("cycle_momentum", s.cycleMomentum);
  reader.read("max_momentum", s.maxMomentum);
  reader.read("base_momentum", s.baseMomentum);
  reader.read("half_cycle_steps", s.halfCycleSteps);
  reader.read("exp_gamma", s.expGamma);
  reader.read("plateau_factor", s.plateauFactor);
  reader.read("plateau_patience", s.plateauPatience);
  reader.read("plateau_threshold", s.plateauThreshold);
  reader.read("plateau_cooldown", s.plateauCooldown);
  reader.read("plateau_min_lr", s.plateauMinLr);
  reader.refuseUnknownKeys();
  try {
    s.kind = parseScheduleKind(kind);
  } catch (const InputError& error) {
    throw InputError(std::string("config: \"schedule.kind\": ") + error.what());
  }
  return s;
}

ScheduleSpec scheduleFromRange(ScheduleKind kind, double lower, double upper) {
  if (!(lower > 0.0 && lower <= upper && std::isfinite(upper)))
    throw InputError("a schedule's range needs 0 < lower <= upper, got lower " + numberText(lower) +
                     " and upper " + numberText(upper));
  ScheduleSpec s;
  s.kind = kind;
  s.maxLr = upper;
  switch (kind) {
  case ScheduleKind::OneCycle:
    s.divFactor = std::max(1.0, upper / lower);
    break;
  case ScheduleKind::CosineWarmup:
  case ScheduleKind::StepDecay:
  case ScheduleKind::Triangular:
  case ScheduleKind::Triangular2:
  case ScheduleKind::ExpRange:
    s.minLr = lower;
    break;
  case ScheduleKind::ReduceOnPlateau:
    s.plateauMinLr = lower;
    break;
  case ScheduleKind::Constant:
    break;
  }
  return s;
}

} // namespace lrscope::engine
