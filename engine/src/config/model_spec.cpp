#include "lrscope/engine/model_spec.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/message_text.h"
#include "lrscope/engine/number_text.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <system_error>

namespace lrscope::engine {

bool ModelSpec::isBuiltIn() const {
  const auto& names = builtInNames();
  return std::find(names.begin(), names.end(), name) != names.end();
}

void ModelSpec::requireKnown() const {
  std::error_code ec;
  if (!isBuiltIn() && !std::filesystem::exists(name, ec))
    throw InputError("unknown model \"" + name +
                     "\": use logreg, mlp, cnn, resnet or the path of a TorchScript file");
}

const std::vector<std::string>& ModelSpec::builtInNames() {
  static const std::vector<std::string> names{"logreg", "mlp", "cnn", "resnet"};
  return names;
}

std::vector<std::string> ModelSpec::builtInGroupNames() const {
  if (name == "logreg")
    return {"head"};
  if (name == "mlp") {
    std::vector<std::string> groups;
    for (std::size_t i = 1; i <= hiddenWidths.size(); ++i)
      groups.push_back("hidden" + std::to_string(i));
    groups.push_back("head");
    return groups;
  }
  if (name == "cnn")
    return {"conv1", "conv2", "head"};
  if (name == "resnet")
    return {"stem", "stage1", "stage2", "stage3", "head"};
  return {};
}

bool ModelSpec::freezes(const std::string& group) const {
  return std::find(frozenGroups.begin(), frozenGroups.end(), group) != frozenGroups.end();
}

void requireFreezable(const std::string& model, const std::vector<std::string>& groups,
                      const std::vector<std::string>& frozen) {
  for (auto name = frozen.begin(); name != frozen.end(); ++name) {
    if (std::find(groups.begin(), groups.end(), *name) == groups.end())
      throw InputError("cannot freeze " + quotedExcerpt(*name) + ": model \"" + model +
                       "\" has no such layer group; its groups are " + commaList(groups));
    if (std::find(frozen.begin(), name, *name) != name)
      throw InputError("layer group " + quotedExcerpt(*name) + " is named twice in --freeze");
  }
  if (!groups.empty() && frozen.size() == groups.size()) // each one of them, named once
    throw InputError("freezing every layer group of model \"" + model + "\" (" + commaList(groups) +
                     ") leaves nothing to train; leave one out");
}

std::string toString(OptimizerKind kind) {
  switch (kind) {
  case OptimizerKind::Sgd:
    return "sgd";
  case OptimizerKind::Adam:
    return "adam";
  case OptimizerKind::AdamW:
    return "adamw";
  case OptimizerKind::RmsProp:
    return "rmsprop";
  }
  return "unknown";
}

OptimizerKind parseOptimizerKind(const std::string& text) {
  for (const OptimizerKind kind :
       {OptimizerKind::Sgd, OptimizerKind::Adam, OptimizerKind::AdamW, OptimizerKind::RmsProp})
    if (text == toString(kind))
      return kind;
  throw InputError("unknown optimizer \"" + text + "\" (use sgd, adam, adamw or rmsprop)");
}

namespace {
void requireRange(bool ok, const char* field, double value, const char* range) {
  if (!ok || std::isnan(value))
    throw InputError(std::string("optimizer ") + field + " must be " + range + ", got " +
                     numberText(value));
}
} // namespace

double OptimizerSpec::effectiveMomentum() const {
  return momentum.value_or(kind == OptimizerKind::Sgd ? 0.9 : 0.0);
}

void OptimizerSpec::validate() const {
  const double m = effectiveMomentum();
  requireRange(m >= 0.0 && m < 1.0, "momentum", m, "in [0, 1)");
  requireRange(weightDecay >= 0.0, "weight decay", weightDecay, ">= 0");
  requireRange(beta1 >= 0.0 && beta1 < 1.0, "beta1", beta1, "in [0, 1)");
  requireRange(beta2 >= 0.0 && beta2 < 1.0, "beta2", beta2, "in [0, 1)");
  requireRange(eps > 0.0, "eps", eps, "> 0");
  requireRange(alpha >= 0.0 && alpha < 1.0, "alpha", alpha, "in [0, 1)");
  if (nesterov && !(kind == OptimizerKind::Sgd && m > 0.0))
    throw InputError("nesterov needs the sgd optimizer with momentum > 0");
}

} // namespace lrscope::engine
