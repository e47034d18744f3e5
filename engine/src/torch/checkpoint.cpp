#include "checkpoint.h"

#include "error_text.h"

#include "lrscope/engine/atomic_file.h"
#include "lrscope/engine/input_error.h"

#include <sstream>

namespace lrscope::engine::detail {
namespace {

constexpr const char* kFormat = "lrscope-checkpoint-1";

std::string shapeText(const torch::Tensor& t) {
  std::string text = "[";
  for (int64_t d = 0; d < t.dim(); ++d)
    text += (d > 0 ? ", " : "") + std::to_string(t.size(d));
  return text + "]";
}

void writeTensors(torch::serialize::OutputArchive& archive, const std::string& prefix,
                  const std::vector<torch::Tensor>& tensors) {
  archive.write(prefix + ".count", c10::IValue(static_cast<int64_t>(tensors.size())));
  for (std::size_t i = 0; i < tensors.size(); ++i)
    archive.write(prefix + "." + std::to_string(i), tensors[i].detach());
}

c10::IValue readValue(torch::serialize::InputArchive& archive, const std::string& key) {
  c10::IValue value;
  archive.read(key, value);
  return value;
}

/// Copies the stored tensors into `into` after checking that count and every shape match.
void readTensorsInto(torch::serialize::InputArchive& archive, const std::string& prefix,
                     std::vector<torch::Tensor> into, const std::string& what,
                     const std::string& where) {
  const int64_t count = readValue(archive, prefix + ".count").toInt();
  if (count != static_cast<int64_t>(into.size()))
    throw InputError(where + " holds " + std::to_string(count) + " " + what +
                     " tensors, the model has " + std::to_string(into.size()));
  std::vector<torch::Tensor> stored(into.size());
  for (std::size_t i = 0; i < into.size(); ++i) {
    archive.read(prefix + "." + std::to_string(i), stored[i]);
    if (!stored[i].sizes().equals(into[i].sizes()))
      throw InputError(where + ": " + what + " " + std::to_string(i + 1) + " has shape " +
                       shapeText(stored[i]) + ", the model's has " + shapeText(into[i]));
  }
  torch::NoGradGuard noGrad;
  for (std::size_t i = 0; i < into.size(); ++i)
    into[i].copy_(stored[i]);
}

/// Puts the stored options (LR, momentum, betas, ...) back into every parameter group:
/// libtorch 1.13's Optimizer::load restores the per-parameter state only.
template <typename Options>
void restoreGroupOptions(torch::serialize::InputArchive& optimizerArchive,
                         torch::optim::Optimizer& optimizer) {
  torch::serialize::InputArchive groupsArchive;
  optimizerArchive.read("param_groups", groupsArchive);
  std::vector<std::pair<std::vector<std::string>, std::unique_ptr<torch::optim::OptimizerOptions>>>
      saved;
  torch::optim::detail::serialize<Options>(groupsArchive, saved);
  auto& groups = optimizer.param_groups();
  for (std::size_t i = 0; i < groups.size() && i < saved.size(); ++i)
    groups[i].set_options(std::move(saved[i].second));
}

void restoreGroupOptions(OptimizerKind kind, torch::serialize::InputArchive& optimizerArchive,
                         torch::optim::Optimizer& optimizer) {
  switch (kind) {
  case OptimizerKind::Sgd:
    return restoreGroupOptions<torch::optim::SGDOptions>(optimizerArchive, optimizer);
  case OptimizerKind::Adam:
    return restoreGroupOptions<torch::optim::AdamOptions>(optimizerArchive, optimizer);
  case OptimizerKind::AdamW:
    return restoreGroupOptions<torch::optim::AdamWOptions>(optimizerArchive, optimizer);
  case OptimizerKind::RmsProp:
    return restoreGroupOptions<torch::optim::RMSpropOptions>(optimizerArchive, optimizer);
  }
}

} // namespace

void Checkpoint::save(const std::filesystem::path& file, ModelImpl& model, OptimizerKind kind,
                      const torch::optim::Optimizer& optimizer,
                      const CheckpointPosition& position) {
  torch::serialize::OutputArchive archive;
  archive.write("format", c10::IValue(std::string(kFormat)));
  archive.write("model", c10::IValue(model.name()));
  archive.write("optimizer_kind", c10::IValue(toString(kind)));
  archive.write("epochs", c10::IValue(static_cast<int64_t>(position.epochs)));
  archive.write("steps", c10::IValue(static_cast<int64_t>(position.steps)));
  archive.write("steps_per_epoch", c10::IValue(static_cast<int64_t>(position.stepsPerEpoch)));
  archive.write("lr_multiplier", c10::IValue(position.lrMultiplier));
  archive.write("epoch_losses",
                torch::tensor(position.epochLosses, torch::TensorOptions(torch::kFloat64)));
  writeTensors(archive, "parameter", model.parameters());
  writeTensors(archive, "buffer", model.buffers());
  torch::serialize::OutputArchive optimizerArchive;
  optimizer.save(optimizerArchive);
  archive.write("optimizer", optimizerArchive);
  writeFileAtomically(file, [&](std::ostream& out) { archive.save_to(out); });
}

CheckpointPosition Checkpoint::load(const std::filesystem::path& file, ModelImpl& model,
                                    OptimizerKind kind, torch::optim::Optimizer& optimizer) {
  const std::string where = "checkpoint " + file.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw InputError(where + " not found");
  torch::serialize::InputArchive archive;
  c10::IValue format;
  try {
    archive.load_from(file.string(), model.device()); // written on any device
  } catch (const std::exception& error) {
    throw InputError(where + " cannot be read: " + errorText(error));
  }
  if (!archive.try_read("format", format) || !format.isString() || format.toStringRef() != kFormat)
    throw InputError(where + " is not an LR Scope training checkpoint");
  try {
    const std::string modelName = readValue(archive, "model").toStringRef();
    const std::string optimizerKind = readValue(archive, "optimizer_kind").toStringRef();
    if (optimizerKind != toString(kind))
      throw InputError(where + " holds the state of the " + optimizerKind +
                       " optimizer, the config uses " + toString(kind));
    const std::string forModel = where + " (written for model " + modelName + ")";
    readTensorsInto(archive, "parameter", model.parameters(), "parameter", forModel);
    readTensorsInto(archive, "buffer", model.buffers(), "buffer", forModel);
    torch::serialize::InputArchive optimizerArchive;
    archive.read("optimizer", optimizerArchive);
    optimizer.load(optimizerArchive);
    restoreGroupOptions(kind, optimizerArchive, optimizer);

    CheckpointPosition position;
    position.epochs = static_cast<int>(readValue(archive, "epochs").toInt());
    position.steps = static_cast<int>(readValue(archive, "steps").toInt());
    position.stepsPerEpoch = static_cast<int>(readValue(archive, "steps_per_epoch").toInt());
    position.lrMultiplier = readValue(archive, "lr_multiplier").toDouble();
    torch::Tensor losses;
    archive.read("epoch_losses", losses);
    losses = losses.to(torch::kCPU, torch::kFloat64).contiguous();
    position.epochLosses.assign(losses.data_ptr<double>(),
                                losses.data_ptr<double>() + losses.numel());
    return position;
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& error) {
    throw InputError(where + " does not fit: " + errorText(error));
  }
}

} // namespace lrscope::engine::detail
