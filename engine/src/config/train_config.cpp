#include "lrscope/engine/training_job.h"

#include "config/config_json.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/number_text.h"

#include <nlohmann/json.hpp>

#include <cmath>

// TrainConfig's JSON and validate(); the job itself is in src/torch/training_job.cpp.
namespace lrscope::engine {
namespace {

using nlohmann::json;

std::string kindName(LrChange::Kind kind) {
  return kind == LrChange::Kind::Set ? "set" : "scale";
}

LrChange::Kind parseChangeKind(const std::string& text, const std::string& where) {
  if (text == "set")
    return LrChange::Kind::Set;
  if (text == "scale")
    return LrChange::Kind::Scale;
  throw InputError("config: " + where + ".kind is \"" + text + "\" (use set or scale)");
}

json toJson(const std::vector<LrChange>& changes) {
  json list = json::array();
  for (const LrChange& change : changes)
    list.push_back(
        {{"step", change.step}, {"kind", kindName(change.kind)}, {"value", change.value}});
  return list;
}

std::vector<LrChange> readChanges(const json& list) {
  if (list.is_null())
    return {};
  if (!list.is_array())
    throw InputError("config: \"training.lr_events\" must be a list of {\"step\", \"kind\", "
                     "\"value\"} objects");
  std::vector<LrChange> changes;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = "training.lr_events[" + std::to_string(i) + "]";
    const json item = json{{where, list[i]}};
    detail::ConfigSection section(item, where);
    LrChange change;
    std::string kind = kindName(change.kind);
    section.read("step", change.step);
    section.read("kind", kind);
    section.read("value", change.value);
    section.refuseUnknownKeys();
    change.kind = parseChangeKind(kind, where);
    changes.push_back(change);
  }
  return changes;
}

} // namespace

void TrainConfig::validate() const {
  detail::validateSharedSections(data, sample, model);
  optimizer.validate();
  schedule.validate();
  if (epochs < 1)
    throw InputError("epochs must be at least 1, got " + std::to_string(epochs));
  if (batchSize < 1)
    throw InputError("batch size must be at least 1, got " + std::to_string(batchSize));
  for (std::size_t g = 0; g < groupLrFactors.size(); ++g)
    if (!(groupLrFactors[g] > 0.0) || !std::isfinite(groupLrFactors[g]))
      throw InputError("LR factor " + std::to_string(g + 1) +
                       " of the layer groups must be a positive number, got " +
                       numberText(groupLrFactors[g]));
  if (!groupLrSpread.empty()) {
    if (!groupLrFactors.empty())
      throw InputError("give LR factors per layer group or a spread from lo to hi, not both");
    if (groupLrSpread.size() != 2)
      throw InputError("an LR spread is two numbers, lo and hi; got " +
                       std::to_string(groupLrSpread.size()));
    if (!(groupLrSpread[0] > 0.0) || !(groupLrSpread[1] >= groupLrSpread[0]) ||
        !std::isfinite(groupLrSpread[1]))
      throw InputError("an LR spread needs 0 < lo <= hi, got " + numberText(groupLrSpread[0]) +
                       " .. " + numberText(groupLrSpread[1]));
  }
  for (std::size_t i = 0; i < lrEvents.size(); ++i) {
    const LrChange& change = lrEvents[i];
    const std::string which = "LR event " + std::to_string(i + 1);
    if (change.step < 0)
      throw InputError(which + ": step must be >= 0, got " + std::to_string(change.step));
    if (i > 0 && change.step < lrEvents[i - 1].step)
      throw InputError(which + ": steps must not decrease (" + std::to_string(change.step) +
                       " after " + std::to_string(lrEvents[i - 1].step) + ")");
    if (!(change.value > 0.0) || !std::isfinite(change.value))
      throw InputError(which + ": the " + (change.kind == LrChange::Kind::Set ? "LR" : "factor") +
                       " must be a positive number, got " + numberText(change.value));
  }
}

json toJson(const TrainConfig& c) {
  return json{{"data", detail::toJson(c.data)},
              {"sample", detail::toJson(c.sample)},
              {"model", detail::toJson(c.model)},
              {"optimizer", detail::toJson(c.optimizer)},
              {"schedule", toJson(c.schedule)},
              {"training",
               {{"epochs", c.epochs},
                {"batch_size", c.batchSize},
                {"seed", c.seed},
                {"group_lr_factors", c.groupLrFactors},
                {"group_lr_spread", c.groupLrSpread},
                {"lr_events", toJson(c.lrEvents)},
                {"checkpoint", c.checkpoint.string()},
                {"resume_from", c.resumeFrom.string()}}}};
}

TrainConfig trainConfigFromJson(const json& root) {
  detail::refuseUnknownSections(root,
                                {"data", "sample", "model", "optimizer", "schedule", "training"});
  TrainConfig c;
  detail::readData(root, c.data);
  detail::readSample(root, c.sample);
  detail::readModel(root, c.model);
  detail::readOptimizer(root, c.optimizer);
  if (root.contains("schedule"))
    c.schedule = scheduleSpecFromJson(root.at("schedule"));

  detail::ConfigSection training(root, "training");
  std::string checkpoint = c.checkpoint.string();
  std::string resumeFrom = c.resumeFrom.string();
  training.read("epochs", c.epochs);
  training.read("batch_size", c.batchSize);
  training.read("seed", c.seed);
  training.read("group_lr_factors", c.groupLrFactors);
  training.read("group_lr_spread", c.groupLrSpread);
  c.lrEvents = readChanges(training.raw("lr_events"));
  training.read("checkpoint", checkpoint);
  training.read("resume_from", resumeFrom);
  training.refuseUnknownKeys();
  c.checkpoint = checkpoint;
  c.resumeFrom = resumeFrom;
  c.sample.seed = c.seed;
  return c;
}

} // namespace lrscope::engine
