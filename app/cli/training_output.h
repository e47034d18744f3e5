#pragma once

#include "lrscope/engine/training_job.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

// What the training commands (train, sweep, audit) print and pass around while a run trains.
namespace lrscope::cli {

/// One line per epoch on stderr as training goes, with an optional prefix ("lr 0.01 ").
class EpochPrinter : public engine::TrainingObserver {
public:
  explicit EpochPrinter(int epochs, std::string prefix = {})
      : m_epochs(epochs), m_prefix(std::move(prefix)) {}
  void onStep(const engine::StepRecord&) override {}
  void onEpoch(const engine::EpochRecord& e) override;
  void onEvent(int step, const std::string& kind, const std::string& payload) override;

private:
  int m_epochs;
  std::string m_prefix;
};

/// Passes everything to each observer that is set.
class TrainingFanOut : public engine::TrainingObserver {
public:
  explicit TrainingFanOut(std::vector<engine::TrainingObserver*> observers)
      : m_observers(std::move(observers)) {}
  void onStep(const engine::StepRecord& r) override;
  void onEpoch(const engine::EpochRecord& r) override;
  void onEvent(int step, const std::string& kind, const std::string& payload) override;

private:
  std::vector<engine::TrainingObserver*> m_observers;
};

/// {"epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "test_loss",
/// "test_accuracy", "lr", "seconds"}; NaN metrics are null.
[[nodiscard]] nlohmann::json epochJson(const engine::EpochRecord& e);

/// A number, or null when it is NaN or infinite.
[[nodiscard]] nlohmann::json finiteOrNull(double value);

} // namespace lrscope::cli
