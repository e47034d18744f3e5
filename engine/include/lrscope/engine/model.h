#pragma once

#include "lrscope/engine/model_spec.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lrscope::engine {

namespace detail {
class ModelImpl;
}

/// A network to train: a built-in or a user's TorchScript module. Parameters are split into
/// named layer groups (one optimizer parameter group each, for differential learning rates).
class Model {
public:
  /// Builds a model for examples of exampleShape with `outputs` outputs. Parameters are
  /// initialised from `seed` without touching libtorch's global random state. Throws
  /// InputError for an unknown name, a file that is not TorchScript, or a model whose output
  /// does not fit (checked with a forward pass on a dummy batch), and for frozen groups
  /// (spec.frozenGroups) the model lacks or that are all of its groups.
  [[nodiscard]] static std::unique_ptr<Model> create(const ModelSpec& spec,
                                                     const std::vector<int64_t>& exampleShape,
                                                     int64_t outputs, uint64_t seed);
  ~Model();
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  /// The libtorch this engine was built with, e.g. "1.13.0".
  [[nodiscard]] static std::string torchVersion();

  [[nodiscard]] const std::string& name() const;
  /// Every layer group, frozen ones included, in the order of the optimizer's groups.
  [[nodiscard]] std::vector<std::string> layerGroupNames() const;
  /// The groups ModelSpec::frozenGroups froze, in layer-group order.
  [[nodiscard]] std::vector<std::string> frozenGroupNames() const;
  /// Number of trainable values: frozen groups' not counted, each shared tensor counted once.
  [[nodiscard]] int64_t parameterCount() const;

  /// Engine-internal access to the libtorch side.
  [[nodiscard]] detail::ModelImpl& impl() const { return *m_impl; }

private:
  explicit Model(std::unique_ptr<detail::ModelImpl> impl);
  std::unique_ptr<detail::ModelImpl> m_impl;
};

} // namespace lrscope::engine
