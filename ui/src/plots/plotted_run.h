#pragma once

#include "lrscope/engine/lr_range_rule.h"
#include "lrscope/engine/repeat_summary.h"
#include "lrscope/engine/run_record.h"
#include "lrscope/storage/run_database.h"

#include <QColor>
#include <QString>

#include <optional>
#include <vector>

namespace lrscope::ui {

/// One run as the plots draw it: its steps (possibly downsampled), what the rules suggest,
/// the picked range and the events (live LR changes) to mark. A repeated range test is drawn as
/// its median curve (the steps) with the band of its repeats and each suggestion's spread.
struct PlottedRun {
  int64_t id = 0;
  QString label; ///< legend text, e.g. "#12 mlp on fashion-mnist"
  QColor color;
  std::vector<engine::StepRecord> steps;
  std::vector<engine::Suggestion> suggestions;
  std::optional<storage::RangeBounds> range;
  std::vector<storage::RunEvent> events;
  /// A repeated range test's band around its median curve, shaded (empty: none).
  std::vector<engine::BandPoint> band;
  /// How far each suggestion moved over the repeats: a whisker under its marker.
  std::vector<engine::RuleSpread> spreads;
  /// One repeat among several drawn live: a thin line, no raw loss.
  bool thin = false;
  /// A training run's finished epochs, for the Loss vs epoch plot (none yet while its first
  /// epoch runs); absent for runs of other kinds, which that plot leaves out.
  std::optional<std::vector<engine::EpochRecord>> epochs;
  /// How many epochs a training run was set to train, the width of its epoch plot; 0: unknown.
  int plannedEpochs = 0;
};

/// The colour of the index-th run of a comparison: distinct, readable on white, and the same
/// run keeps its colour while others are added after it.
[[nodiscard]] QColor runColor(int index);

} // namespace lrscope::ui
