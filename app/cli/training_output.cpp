#include "cli/training_output.h"

#include "cli/text_report.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace lrscope::cli {

void EpochPrinter::onEpoch(const engine::EpochRecord& e) {
  std::fprintf(stderr,
               "  %sepoch %d/%d  train loss %s  val loss %s acc %s  test acc %s  lr %s  %.1f s\n",
               m_prefix.c_str(), e.epoch + 1, m_epochs, formatLoss(e.trainLoss).c_str(),
               formatLoss(e.validationLoss).c_str(), formatPercent(e.validationAccuracy).c_str(),
               formatPercent(e.testAccuracy).c_str(),
               e.groupLrs.empty() ? kMissing : formatLr(e.groupLrs.front()).c_str(), e.wallSeconds);
}

void EpochPrinter::onEvent(int step, const std::string& kind, const std::string& payload) {
  if (kind != "checkpoint")
    std::fprintf(stderr, "  %sstep %d: %s %s\n", m_prefix.c_str(), step, kind.c_str(),
                 payload.c_str());
}

void TrainingFanOut::onStep(const engine::StepRecord& r) {
  for (auto* o : m_observers)
    if (o)
      o->onStep(r);
}

void TrainingFanOut::onEpoch(const engine::EpochRecord& r) {
  for (auto* o : m_observers)
    if (o)
      o->onEpoch(r);
}

void TrainingFanOut::onEvent(int step, const std::string& kind, const std::string& payload) {
  for (auto* o : m_observers)
    if (o)
      o->onEvent(step, kind, payload);
}

nlohmann::json finiteOrNull(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

nlohmann::json epochJson(const engine::EpochRecord& e) {
  using nlohmann::json;
  return {{"epoch", e.epoch},
          {"train_loss", finiteOrNull(e.trainLoss)},
          {"train_accuracy", finiteOrNull(e.trainAccuracy)},
          {"val_loss", finiteOrNull(e.validationLoss)},
          {"val_accuracy", finiteOrNull(e.validationAccuracy)},
          {"test_loss", finiteOrNull(e.testLoss)},
          {"test_accuracy", finiteOrNull(e.testAccuracy)},
          {"lr", e.groupLrs.empty() ? json(nullptr) : json(e.groupLrs.front())},
          {"seconds", e.wallSeconds}};
}

} // namespace lrscope::cli
