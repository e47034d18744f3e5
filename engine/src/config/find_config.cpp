#include "lrscope/engine/find_config.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/number_text.h"

#include <nlohmann/json.hpp>

#include <set>

namespace lrscope::engine {
namespace {

using nlohmann::json;

std::string taskName(TaskKind task) {
  return task == TaskKind::Classification ? "classification" : "regression";
}

TaskKind parseTask(const std::string& text) {
  if (text == "classification")
    return TaskKind::Classification;
  if (text == "regression")
    return TaskKind::Regression;
  throw InputError("unknown task \"" + text + "\" (use classification or regression)");
}

/// Reads the known keys of one section into their fields, refusing unknown keys.
class Section {
public:
  Section(const json& root, const std::string& name) : m_name(name) {
    if (!root.contains(name))
      return;
    m_json = root.at(name);
    if (!m_json.is_object())
      throw InputError("config: \"" + name + "\" must be an object");
  }

  template <typename T> void read(const char* key, T& field) {
    m_known.insert(key);
    if (!m_json.contains(key))
      return;
    try {
      field = m_json.at(key).get<T>();
    } catch (const json::exception&) {
      throw InputError("config: \"" + m_name + "." + key + "\" has the wrong type (" +
                       m_json.at(key).dump() + ")");
    }
  }

  void refuseUnknownKeys() const {
    for (const auto& item : m_json.items())
      if (m_known.count(item.key()) == 0)
        throw InputError("config: unknown key \"" + m_name + "." + item.key() + "\"");
  }

private:
  std::string m_name;
  json m_json = json::object();
  std::set<std::string> m_known;
};

} // namespace

void FindConfig::validate() const {
  if (data.source.empty())
    throw InputError("no data set given (--data NAME|FOLDER|FILE.csv)");
  if (sample.count < 0)
    throw InputError("sample size must be >= 0, got " + std::to_string(sample.count));
  if (sample.fraction < 0.0 || sample.fraction > 1.0)
    throw InputError("sample fraction must be in (0, 1], got " + numberText(sample.fraction));
  if (sample.validationCount < 0)
    throw InputError("validation size must be >= 0, got " + std::to_string(sample.validationCount));
  optimizer.validate();
  rangeTest.validate();
}

json toJson(const FindConfig& c) {
  const RangeTestOptions& r = c.rangeTest;
  const OptimizerSpec& o = c.optimizer;
  return json{
      {"data",
       {{"source", c.data.source}, {"label", c.data.labelColumn}, {"task", taskName(c.data.task)}}},
      {"sample",
       {{"count", c.sample.count},
        {"fraction", c.sample.fraction},
        {"validation", c.sample.validationCount}}},
      {"model", {{"name", c.model.name}, {"widths", c.model.hiddenWidths}}},
      {"optimizer",
       {{"kind", toString(o.kind)},
        {"momentum", o.effectiveMomentum()},
        {"nesterov", o.nesterov},
        {"weight_decay", o.weightDecay},
        {"beta1", o.beta1},
        {"beta2", o.beta2},
        {"eps", o.eps},
        {"alpha", o.alpha}}},
      {"range_test",
       {{"start_lr", r.startLr},
        {"end_lr", r.endLr},
        {"iterations", r.iterations},
        {"mode", toString(r.mode)},
        {"beta", r.beta},
        {"diverge", r.divergeFactor},
        {"batch_size", r.batchSize},
        {"accumulation", r.accumulationSteps},
        {"val_every", r.validateEvery},
        {"seed", r.seed}}}};
}

FindConfig findConfigFromJson(const json& root) {
  if (!root.is_object())
    throw InputError("config: the top level must be a JSON object");
  FindConfig c;
  const std::set<std::string> sections{"data", "sample", "model", "optimizer", "range_test"};
  for (const auto& item : root.items())
    if (sections.count(item.key()) == 0)
      throw InputError("config: unknown section \"" + item.key() +
                       "\" (expected data, sample, model, optimizer, range_test)");

  Section data(root, "data");
  std::string task = taskName(c.data.task);
  data.read("source", c.data.source);
  data.read("label", c.data.labelColumn);
  data.read("task", task);
  data.refuseUnknownKeys();
  c.data.task = parseTask(task);

  Section sample(root, "sample");
  sample.read("count", c.sample.count);
  sample.read("fraction", c.sample.fraction);
  sample.read("validation", c.sample.validationCount);
  sample.refuseUnknownKeys();

  Section model(root, "model");
  model.read("name", c.model.name);
  model.read("widths", c.model.hiddenWidths);
  model.refuseUnknownKeys();

  Section optimizer(root, "optimizer");
  std::string kind = toString(c.optimizer.kind);
  optimizer.read("kind", kind);
  double momentum = -1.0; // not given
  optimizer.read("momentum", momentum);
  optimizer.read("nesterov", c.optimizer.nesterov);
  optimizer.read("weight_decay", c.optimizer.weightDecay);
  optimizer.read("beta1", c.optimizer.beta1);
  optimizer.read("beta2", c.optimizer.beta2);
  optimizer.read("eps", c.optimizer.eps);
  optimizer.read("alpha", c.optimizer.alpha);
  optimizer.refuseUnknownKeys();
  c.optimizer.kind = parseOptimizerKind(kind);
  if (momentum != -1.0)
    c.optimizer.momentum = momentum;

  Section range(root, "range_test");
  std::string mode = toString(c.rangeTest.mode);
  range.read("start_lr", c.rangeTest.startLr);
  range.read("end_lr", c.rangeTest.endLr);
  range.read("iterations", c.rangeTest.iterations);
  range.read("mode", mode);
  range.read("beta", c.rangeTest.beta);
  range.read("diverge", c.rangeTest.divergeFactor);
  range.read("batch_size", c.rangeTest.batchSize);
  range.read("accumulation", c.rangeTest.accumulationSteps);
  range.read("val_every", c.rangeTest.validateEvery);
  range.read("seed", c.rangeTest.seed);
  range.refuseUnknownKeys();
  c.rangeTest.mode = parseLadderMode(mode);
  c.sample.seed = c.rangeTest.seed;
  return c;
}

} // namespace lrscope::engine
