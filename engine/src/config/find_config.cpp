#include "lrscope/engine/find_config.h"

#include "config/config_json.h"

#include "lrscope/engine/input_error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace lrscope::engine {

using nlohmann::json;

namespace {

/// "2 and 3".
std::string versionList(const std::vector<int>& versions) {
  std::string text;
  for (std::size_t i = 0; i < versions.size(); ++i)
    text += (i == 0 ? "" : i + 1 == versions.size() ? " and " : ", ") + std::to_string(versions[i]);
  return text;
}

} // namespace

void FindConfig::validate() const {
  detail::validateSharedSections(data, sample, model);
  optimizer.validate();
  rangeTest.validate();
  const std::vector<int>& versions = LrRangeRule::versions();
  if (std::find(versions.begin(), versions.end(), rangeRuleVersion) == versions.end())
    throw InputError("LR Scope's range rule has no version " + std::to_string(rangeRuleVersion) +
                     "; its versions are " + versionList(versions));
  if (repeats.count < 1)
    throw InputError("the number of repeats must be at least 1, got " +
                     std::to_string(repeats.count));
}

FindConfig repeatConfig(const FindConfig& config, int index) {
  FindConfig repeat = config;
  repeat.repeats = RepeatSpec{};
  repeat.rangeTest.seed = config.rangeTest.seed + static_cast<uint64_t>(index);
  repeat.sampleSeed.reset();
  if (!config.repeats.resample && config.effectiveSampleSeed() != repeat.rangeTest.seed)
    repeat.sampleSeed = config.effectiveSampleSeed();
  repeat.sample.seed = repeat.effectiveSampleSeed();
  return repeat;
}

json toJson(const FindConfig& c) {
  const RangeTestOptions& r = c.rangeTest;
  json sample = detail::toJson(c.sample);
  sample["seed"] = c.sampleSeed ? json(*c.sampleSeed) : json(nullptr);
  json out{{"data", detail::toJson(c.data)},
           {"sample", sample},
           {"model", detail::toJson(c.model)},
           {"optimizer", detail::toJson(c.optimizer)},
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
             {"seed", r.seed},
             {"swept_group", r.sweptGroup ? json(*r.sweptGroup) : json(nullptr)},
             {"other_groups_lr", r.otherGroupsLr}}},
           {"repeats", {{"count", c.repeats.count}, {"resample", c.repeats.resample}}}};
  if (!c.fromCheckpoint.empty()) // absent otherwise: every config stored before reads the same
    out["range_test"]["from_checkpoint"] = c.fromCheckpoint;
  return out;
}

FindConfig findConfigFromJson(const json& root) {
  detail::refuseUnknownSections(root,
                                {"data", "sample", "model", "optimizer", "range_test", "repeats"});
  FindConfig c;
  detail::readData(root, c.data);
  detail::readSample(root, c.sample, &c.sampleSeed);
  detail::readModel(root, c.model);
  detail::readOptimizer(root, c.optimizer);

  detail::ConfigSection range(root, "range_test");
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
  range.read("swept_group", c.rangeTest.sweptGroup);
  if (c.rangeTest.sweptGroup == -1)
    c.rangeTest.sweptGroup.reset(); // "all groups" as configs stored before 2026-12 wrote it
  range.read("other_groups_lr", c.rangeTest.otherGroupsLr);
  range.read("from_checkpoint", c.fromCheckpoint);
  range.refuseUnknownKeys();
  c.rangeTest.mode = parseLadderMode(mode);
  detail::ConfigSection repeats(root, "repeats");
  repeats.read("count", c.repeats.count);
  repeats.read("resample", c.repeats.resample);
  repeats.refuseUnknownKeys();
  c.sample.seed = c.effectiveSampleSeed();
  return c;
}

} // namespace lrscope::engine
