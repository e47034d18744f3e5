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
  /// Layer groups whose parameters stay as they are (requires_grad off): a pretrained backbone
  /// kept while the head is fitted. Empty: every group trains.
  std::vector<std::string> frozenGroups;

  [[nodiscard]] bool isBuiltIn() const;
  [[nodiscard]] static const std::vector<std::string>& builtInNames();
  /// A built-in model's layer groups, in order ("hidden1", "head" for the MLP of one hidden
  /// layer); empty for a TorchScript file, whose groups are known once it is loaded.
  [[nodiscard]] std::vector<std::string> builtInGroupNames() const;
  /// Whether frozenGroups names `group`.
  [[nodiscard]] bool freezes(const std::string& group) const;
  /// Throws InputError unless the name is built in or an existing (TorchScript) file.
  void requireKnown() const;
};

/// Throws InputError, naming the model and its groups, when `frozen` names a group not in
/// `groups`, one group twice, or every one of them (nothing would train).
void requireFreezable(const std::string& model, const std::vector<std::string>& groups,
                      const std::vector<std::string>& frozen);

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
