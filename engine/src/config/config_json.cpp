#include "config/config_json.h"

#include "lrscope/engine/message_text.h"
#include "lrscope/engine/number_text.h"
#include "lrscope/engine/test_split.h"

namespace lrscope::engine::detail {
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

} // namespace

ConfigSection::ConfigSection(const json& root, const std::string& name) : m_name(name) {
  if (!root.contains(name))
    return;
  m_json = root.at(name);
  if (!m_json.is_object())
    throw InputError("config: \"" + name + "\" must be an object, got " + jsonExcerpt(m_json));
}

ConfigSection ConfigSection::ofObject(const json& object, const std::string& name) {
  return ConfigSection(json{{name, object}}, name);
}

json ConfigSection::raw(const char* key) {
  m_known.insert(key);
  return m_json.contains(key) ? m_json.at(key) : json();
}

void ConfigSection::refuseUnknownKeys() const {
  for (const auto& item : m_json.items())
    if (m_known.count(item.key()) == 0)
      throw InputError("config: unknown key \"" + m_name + "." + item.key() + "\"");
}

void refuseUnknownSections(const json& root, const std::vector<std::string>& sections) {
  if (!root.is_object())
    throw InputError("config: the top level must be a JSON object");
  for (const auto& item : root.items()) {
    bool known = false;
    std::string expected;
    for (const std::string& section : sections) {
      known = known || section == item.key();
      expected += (expected.empty() ? "" : ", ") + section;
    }
    if (!known)
      throw InputError("config: unknown section \"" + item.key() + "\" (expected " + expected +
                       ")");
  }
}

json toJson(const DataSpec& data) {
  json out = {{"source", data.source},
              {"label", data.labelColumn},
              {"task", taskName(data.task)},
              {"test_fraction", data.testFraction}};
  // An image folder's options only where given: other sources' configs read as before. The
  // cache is left out: it changes how fast the data loads, never what it holds.
  const ImageOptions& images = data.images;
  if (images.size.height > 0)
    out["image_size"] = toString(images.size);
  if (images.channels > 0)
    out["channels"] = images.channels;
  if (images.skipBadImages)
    out["skip_bad_images"] = true;
  return out;
}

json toJson(const SampleSpec& sample) {
  return {{"count", sample.count},
          {"fraction", sample.fraction},
          {"validation", sample.validationCount}};
}

json toJson(const ModelSpec& model) {
  json out = {{"name", model.name}, {"widths", model.hiddenWidths}};
  if (!model.device.isCpu()) // a CPU run's config reads as before the option existed
    out["device"] = toString(model.device);
  if (!model.frozenGroups.empty()) // likewise for a model with nothing frozen
    out["freeze"] = model.frozenGroups;
  return out;
}

json toJson(const OptimizerSpec& o) {
  return {{"kind", toString(o.kind)},
          {"momentum", o.effectiveMomentum()},
          {"nesterov", o.nesterov},
          {"weight_decay", o.weightDecay},
          {"beta1", o.beta1},
          {"beta2", o.beta2},
          {"eps", o.eps},
          {"alpha", o.alpha}};
}

void readData(const json& root, DataSpec& data) {
  ConfigSection section(root, "data");
  std::string task = taskName(data.task);
  section.read("source", data.source);
  section.read("label", data.labelColumn);
  section.read("task", task);
  section.read("test_fraction", data.testFraction);
  std::string imageSize = toString(data.images.size);
  section.read("image_size", imageSize);
  section.read("channels", data.images.channels);
  section.read("skip_bad_images", data.images.skipBadImages);
  section.refuseUnknownKeys();
  data.task = parseTask(task);
  data.images.size = imageSize.empty() ? ImageSize{} : parseImageSize(imageSize);
}

void readSample(const json& root, SampleSpec& sample, std::optional<uint64_t>* seed) {
  ConfigSection section(root, "sample");
  section.read("count", sample.count);
  section.read("fraction", sample.fraction);
  section.read("validation", sample.validationCount);
  if (seed)
    section.read("seed", *seed);
  section.refuseUnknownKeys();
}

void readModel(const json& root, ModelSpec& model) {
  ConfigSection section(root, "model");
  section.read("name", model.name);
  section.read("widths", model.hiddenWidths);
  std::string device = toString(model.device);
  section.read("device", device);
  section.read("freeze", model.frozenGroups);
  section.refuseUnknownKeys();
  model.device = parseDevice(device);
}

void readOptimizer(const json& root, OptimizerSpec& optimizer) {
  ConfigSection section(root, "optimizer");
  std::string kind = toString(optimizer.kind);
  section.read("kind", kind);
  section.read("momentum", optimizer.momentum);
  section.read("nesterov", optimizer.nesterov);
  section.read("weight_decay", optimizer.weightDecay);
  section.read("beta1", optimizer.beta1);
  section.read("beta2", optimizer.beta2);
  section.read("eps", optimizer.eps);
  section.read("alpha", optimizer.alpha);
  section.refuseUnknownKeys();
  optimizer.kind = parseOptimizerKind(kind);
}

void validateSharedSections(const DataSpec& data, const SampleSpec& sample,
                            const ModelSpec& model) {
  if (data.source.empty())
    throw InputError("no data set given (--data NAME|FOLDER|FILE.csv)");
  validateTestFraction(data.testFraction);
  requireUtf8(data.source, "the data set");
  requireUtf8(data.labelColumn, "the label column");
  requireUtf8(model.name, "the model");
  if (sample.count < 0)
    throw InputError("sample size must be >= 0, got " + std::to_string(sample.count));
  if (sample.fraction < 0.0 || sample.fraction > 1.0)
    throw InputError("sample fraction must be in (0, 1], got " + numberText(sample.fraction));
  if (sample.validationCount < 0)
    throw InputError("validation size must be >= 0, got " + std::to_string(sample.validationCount));
}

} // namespace lrscope::engine::detail
