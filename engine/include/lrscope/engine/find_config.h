#pragma once

#include "lrscope/engine/data_source.h"
#include "lrscope/engine/model_spec.h"
#include "lrscope/engine/range_test_options.h"
#include "lrscope/engine/sampling.h"

#include <nlohmann/json_fwd.hpp>

namespace lrscope::engine {

/// Everything that defines one range test on a data set: what `lrscope find` runs.
struct FindConfig {
  DataSpec data{"fashion-mnist", "", TaskKind::Classification};
  /// Representative sample of the training part; count 6000 by default (all examples not held
  /// out for validation when there are fewer). sample.seed follows rangeTest.seed.
  SampleSpec sample{6000, 0.0, 1000, 1};
  ModelSpec model;
  OptimizerSpec optimizer;
  RangeTestOptions rangeTest;

  /// Throws InputError naming the field that is out of range.
  void validate() const;
};

/// The config as JSON: {"data": {...}, "sample": {...}, "model": {...}, "optimizer": {...},
/// "range_test": {...}}, every field spelled out.
[[nodiscard]] nlohmann::json toJson(const FindConfig& config);
/// Reads a config; missing fields keep their defaults. Throws InputError for an unknown key or
/// a value of the wrong type, naming the key.
[[nodiscard]] FindConfig findConfigFromJson(const nlohmann::json& json);

} // namespace lrscope::engine
