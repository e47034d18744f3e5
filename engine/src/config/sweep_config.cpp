// The plain-C++ half of sweeps: SweepConfig's validation and JSON, the span around a range, the
// log-spaced LRs and the rung count. The race itself (libtorch) is in src/torch/sweep_job.cpp;
// keeping these here lets storage and the app's dialogs use them without torch.
#include "lrscope/engine/sweep_job.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/lr_limits.h"
#include "lrscope/engine/number_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace lrscope::engine {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool positiveFinite(double value) {
  return value > 0.0 && std::isfinite(value);
}

} // namespace

TrainConfig SweepConfig::defaultTraining() {
  TrainConfig training;
  training.sample = {6000, 0.0, 1000, training.seed};
  return training;
}

void SweepConfig::validate() const {
  if (candidates < 2)
    throw InputError("a sweep needs at least 2 learning rates, got " + std::to_string(candidates));
  requireUsableLr("the sweep's lower LR", lowerLr);
  requireUsableLr("the sweep's upper LR", upperLr);
  if (!(lowerLr < upperLr))
    throw InputError("the sweep's lower LR must be below its upper LR, got lower " +
                     numberText(lowerLr) + " >= upper " + numberText(upperLr));
  if (epochsPerRung < 1)
    throw InputError("epochs per rung must be at least 1, got " + std::to_string(epochsPerRung));
  if (maxRungs < 0)
    throw InputError("the rung limit must be 0 (none) or more, got " + std::to_string(maxRungs));
  if (training.sample.validationCount < 1)
    throw InputError("a sweep ranks its learning rates on held-out examples: the validation "
                     "size must be at least 1");
  TrainConfig check = training;
  check.schedule = ScheduleSpec{};
  check.schedule.kind = ScheduleKind::Constant;
  check.schedule.maxLr = lowerLr;
  check.epochs = epochsPerRung;
  check.validate();
}

nlohmann::json toJson(const SweepConfig& config) {
  // The candidates' setup without what the sweep decides itself.
  nlohmann::json training = toJson(config.training);
  training.erase("schedule");
  for (const char* key : {"epochs", "lr_events", "checkpoint", "resume_from"})
    training["training"].erase(key);
  return {{"sweep",
           {{"lower_lr", config.lowerLr},
            {"upper_lr", config.upperLr},
            {"candidates", config.candidates},
            {"epochs_per_rung", config.epochsPerRung},
            {"max_rungs", config.maxRungs},
            {"lrs", logSpacedLrs(config.lowerLr, config.upperLr, config.candidates)}}},
          {"training", training}};
}

std::pair<double, double> sweepSpanAround(double lower, double upper) {
  if (!positiveFinite(lower) || !positiveFinite(upper) || !(lower < upper))
    throw InputError("a range needs 0 < lower < upper, got " + numberText(lower) + " .. " +
                     numberText(upper));
  const double halfDecade = std::sqrt(10.0);
  return {lower / halfDecade, upper * halfDecade};
}

std::vector<double> logSpacedLrs(double lower, double upper, int count) {
  std::vector<double> lrs;
  if (count == 1)
    return {lower};
  for (int i = 0; i < count; ++i)
    lrs.push_back(i == count - 1
                      ? upper
                      : lower * std::pow(upper / lower, static_cast<double>(i) / (count - 1)));
  return lrs;
}

int plannedRungs(int candidates, int maxRungs) {
  int rungs = 0;
  for (int n = candidates; n > 1; n -= n / 2)
    ++rungs;
  rungs = std::max(rungs, 1);
  return maxRungs > 0 ? std::min(rungs, maxRungs) : rungs;
}

int plannedEpochs(int candidates, int epochsPerRung, int maxRungs) {
  const int rungs = plannedRungs(candidates, maxRungs);
  int epochs = 0;
  int survivors = candidates;
  for (int rung = 0; rung < rungs; ++rung) {
    epochs += survivors * epochsPerRung;
    survivors -= survivors / 2;
  }
  return epochs;
}

std::string toString(CandidateStatus status) {
  switch (status) {
  case CandidateStatus::Running:
    return "running";
  case CandidateStatus::Best:
    return "best";
  case CandidateStatus::Eliminated:
    return "eliminated";
  case CandidateStatus::Diverged:
    return "diverged";
  }
  return "unknown";
}

EpochRecord SweepCandidate::noEpoch() {
  EpochRecord record;
  record.epoch = -1;
  record.trainLoss = record.trainAccuracy = kNaN;
  record.validationLoss = record.validationAccuracy = kNaN;
  record.testLoss = record.testAccuracy = kNaN;
  return record;
}

} // namespace lrscope::engine
