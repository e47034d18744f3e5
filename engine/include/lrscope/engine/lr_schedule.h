#pragma once

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lrscope::engine {

/// The learning-rate schedules of a training run (DESIGN.md, "Schedules").
enum class ScheduleKind {
  Constant,
  StepDecay,
  CosineWarmup,
  OneCycle,
  Triangular,
  Triangular2,
  ExpRange,
  ReduceOnPlateau
};

/// "constant", "step", "cosine", "one-cycle", "triangular", "triangular2", "exp-range",
/// "plateau".
[[nodiscard]] std::string toString(ScheduleKind kind);
/// Parses the names of toString; throws InputError naming the known ones otherwise.
[[nodiscard]] ScheduleKind parseScheduleKind(const std::string& text);

/// Everything that defines a schedule. Steps count optimizer steps from 0. The exact formulas,
/// step by step, are written at the top of engine/src/schedule/lr_schedule.cpp.
struct ScheduleSpec {
  ScheduleKind kind = ScheduleKind::OneCycle;
  /// The peak LR (one-cycle, cosine, cyclical's hi), or the LR (constant, step decay and
  /// plateau start here).
  double maxLr = 1e-3;
  /// Cyclical: the low end (lo). Cosine: the floor it anneals to. Step decay: a floor it never
  /// goes below (0: none).
  double minLr = 0.0;
  // Step decay: lr = max(minLr, maxLr * gamma^floor(step / stepSize)).
  int stepSize = 0; ///< 0: one epoch
  double gamma = 0.1;
  // Cosine with warm-up: linear from maxLr/warmupSteps to maxLr over warmupSteps, then cosine
  // from maxLr to minLr, reaching minLr at the last step.
  int warmupSteps = 0;
  // One-cycle, fastai's fit_one_cycle defaults: starts at maxLr/divFactor, peaks at step
  // round(pctStart * totalSteps), ends at maxLr/finalDivFactor on the last step.
  double divFactor = 25.0;
  double finalDivFactor = 1e5;
  double pctStart = 0.25;
  bool cycleMomentum = true;
  double maxMomentum = 0.95;
  double baseMomentum = 0.85;
  // Cyclical (Smith): S = halfCycleSteps, the steps from lo to hi.
  int halfCycleSteps = 0;    ///< 0: two epochs
  double expGamma = 0.99994; ///< exp_range's gamma per step
  // Reduce on plateau (checked at every epoch end, on the validation loss).
  double plateauFactor = 0.1;
  int plateauPatience = 2;        ///< epochs without improvement before reducing
  double plateauThreshold = 1e-4; ///< relative improvement that counts
  int plateauCooldown = 0;        ///< epochs to wait after a reduction
  double plateauMinLr = 0.0;

  /// Checks every field, whichever the kind. Throws InputError naming the field that is out of
  /// range ("schedule maxLr must be positive, got -1").
  void validate() const;
};

/// The spec as JSON: {"kind": "one-cycle", "max_lr": ..., "min_lr": ..., "step_size", "gamma",
/// "warmup_steps", "div_factor", "final_div_factor", "pct_start", "cycle_momentum",
/// "max_momentum", "base_momentum", "half_cycle_steps", "exp_gamma", "plateau_factor",
/// "plateau_patience", "plateau_threshold", "plateau_cooldown", "plateau_min_lr"}, every field
/// spelled out.
[[nodiscard]] nlohmann::json toJson(const ScheduleSpec& spec);
/// Reads the object written by toJson (a config's "schedule" section); missing fields keep
/// their defaults. Throws InputError for an unknown key, a value of the wrong type or an
/// unknown kind, naming the key ("schedule.max_lr"). Does not validate().
[[nodiscard]] ScheduleSpec scheduleSpecFromJson(const nlohmann::json& json);

/// A schedule bound to a run's length. lr(step) and momentum(step) are pure functions of the
/// step except for reduce-on-plateau, whose LR changes through onEpochEnd (a resumed run
/// restores it by replaying onEpochEnd with the earlier epochs' validation losses). Steps
/// before 0 read as step 0, steps past the last as the last step.
class LrSchedule {
public:
  virtual ~LrSchedule() = default;

  /// Throws InputError for a bad spec, totalSteps < 1, stepsPerEpoch < 1, or a cosine
  /// warm-up that leaves no step for the cosine (warmupSteps >= totalSteps).
  [[nodiscard]] static std::unique_ptr<LrSchedule> create(const ScheduleSpec& spec, int totalSteps,
                                                          int stepsPerEpoch);

  /// The LR of optimizer step `step` (0-based), before live changes and per-group factors.
  [[nodiscard]] virtual double lr(int step) const = 0;
  /// The momentum (SGD) or beta1 (Adam) of the step when the schedule cycles it (one-cycle
  /// with cycleMomentum); nothing otherwise.
  [[nodiscard]] virtual std::optional<double> momentum(int step) const;
  /// Tells the schedule an epoch ended with this validation loss; true when it changed the LR
  /// (reduce-on-plateau), which a caller records as an event. NaN counts as no improvement.
  virtual bool onEpochEnd(int epoch, double validationLoss);
};

/// Per-group factors spreading an LR geometrically from lo (first group) to hi (last group),
/// as fastai's slice(lo, hi): factor g = (lo/hi)^((n-1-g)/(n-1)), the last group 1. One group:
/// {1}. Throws InputError unless 0 < lo <= hi (both finite) and groups >= 1.
[[nodiscard]] std::vector<double> geometricGroupFactors(double lo, double hi, int groups);

/// A schedule built from a picked range, as "Train with this range" does: one-cycle peaks at
/// upper and starts at upper/divFactor with divFactor = upper/lower (at least 1); cosine and
/// step decay start at upper and anneal towards lower (minLr = lower); cyclical ones run
/// between lower and upper; constant uses upper; plateau starts at upper with a floor at lower.
/// Other fields keep their defaults. Throws InputError unless 0 < lower <= upper (both finite).
[[nodiscard]] ScheduleSpec scheduleFromRange(ScheduleKind kind, double lower, double upper);

} // namespace lrscope::engine
