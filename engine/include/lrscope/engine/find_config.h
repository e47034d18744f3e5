#pragma once

#include "lrscope/engine/data_source.h"
#include "lrscope/engine/lr_range_rule.h"
#include "lrscope/engine/model_spec.h"
#include "lrscope/engine/range_test_options.h"
#include "lrscope/engine/sampling.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>

namespace lrscope::engine {

/// Repeated range tests (`lrscope find --repeats K`): K tests on one ladder that differ only in
/// the seed. Repeat i uses rangeTest.seed + i for its initial weights and batch order, and the
/// sample of rangeTest.seed unless each repeat draws its own.
struct RepeatSpec {
  int count = 1;         ///< K; 1 is a single test
  bool resample = false; ///< each repeat draws its own sample, with its own seed
};

/// Everything that defines one range test on a data set: what `lrscope find` runs.
struct FindConfig {
  DataSpec data{"fashion-mnist", "", TaskKind::Classification};
  /// Representative sample of the training part; count 6000 by default (all examples not held
  /// out for validation when there are fewer), drawn with sampleSeed or else rangeTest.seed.
  SampleSpec sample{6000, 0.0, 1000, 1};
  ModelSpec model;
  OptimizerSpec optimizer;
  RangeTestOptions rangeTest;
  RepeatSpec repeats;
  /// The seed of the sample and validation split when it is not rangeTest.seed (a repeat that
  /// shares the first repeat's sample); stored as "sample": {"seed"}.
  std::optional<uint64_t> sampleSeed;
  /// The version of LR Scope's range rule the range is found with (LrRangeRule::versions()).
  /// How the curve is read, not how it is run: not part of the stored config, whose range keeps
  /// its rule's version.
  int rangeRuleVersion = LrRangeRule::kVersion;

  /// A training run's checkpoint the test starts from, to re-find the LR in the middle of a
  /// training: its weights and optimizer state (momentum, Adam's moments) after the model is
  /// built, restored after the test as any model's are. Empty: fresh weights. Stored as
  /// "range_test": {"from_checkpoint"} when given.
  std::string fromCheckpoint;

  /// The seed the sample is drawn with.
  [[nodiscard]] uint64_t effectiveSampleSeed() const { return sampleSeed.value_or(rangeTest.seed); }

  /// Throws InputError naming the field that is out of range.
  void validate() const;
};

/// The config of repeat `index` (0-based) of a repeated test: one plain test, its seed
/// rangeTest.seed + index, its sample the first repeat's unless repeats.resample.
[[nodiscard]] FindConfig repeatConfig(const FindConfig& config, int index);

/// The config as JSON: {"data": {...}, "sample": {...}, "model": {...}, "optimizer": {...},
/// "range_test": {...}, "repeats": {...}}, every field spelled out.
[[nodiscard]] nlohmann::json toJson(const FindConfig& config);
/// Reads a config; missing fields keep their defaults. Throws InputError for an unknown key or
/// a value of the wrong type, naming the key.
[[nodiscard]] FindConfig findConfigFromJson(const nlohmann::json& json);

} // namespace lrscope::engine
