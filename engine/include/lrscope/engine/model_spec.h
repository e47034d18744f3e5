#pragma once

#include "lrscope/engine/device.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lrscope::engine {

/// Which model to build: a built-in name ("logreg", "mlp", "cnn", "resnet") or the path of a
/// TorchScript file (anything that is not a built-in name).
struct ModelSpec {
  std::string name = "mlp";
  /// Hidden layer widths of the MLP.
  std::vector<int64_t> hiddenWidths{256};
  /// Where the model, its batches and its optimizer state compute.
  Device device;

  [[nodiscard]] bool isBuiltIn() const;
  [[nodiscard]] static const std::vector<std::string>& builtInNames();
  /// Throws InputError unless the name is built in or an existing (TorchScript) file.
  void requireKnown() const;
};

enum class OptimizerKind { Sgd, Adam, AdamW, RmsProp };

[[nodiscard]] std::string toString(OptimizerKind kind);
/// Parses "sgd", "adam", "adamw", "rmsprop"; throws InputError otherwise.
[[nodiscard]] OptimizerKind parseOptimizerKind(const std::string& text);

/// Optimizer settings; each layer group becomes one parameter group.
struct OptimizerSpec {
  OptimizerKind kind = OptimizerKind::Sgd;
  /// SGD and RMSprop momentum; unset means each one's usual default (SGD 0.9, RMSprop 0).
  std::optional<double> momentum;
  bool nesterov = false; ///< SGD only; needs momentum > 0
  double weightDecay = 0.0;
  double beta1 = 0.9;   ///< Adam, AdamW
  double beta2 = 0.999; ///< Adam, AdamW
  double eps = 1e-8;    ///< Adam, AdamW, RMSprop
  double alpha = 0.99;  ///< RMSprop smoothing constant

  [[nodiscard]] double effectiveMomentum() const;

  /// Throws InputError naming the field that is out of range.
  void validate() const;
};

} // namespace lrscope::engine
