#include "plots/repeated_run.h"

#include <QObject>

#include <algorithm>
#include <cmath>
#include <limits>

namespace lrscope::ui {
namespace {

/// The median curve's loss at the band point nearest to lr on a log scale.
double medianLossAt(const std::vector<engine::BandPoint>& band, double lr) {
  double loss = std::numeric_limits<double>::quiet_NaN();
  double nearest = std::numeric_limits<double>::infinity();
  for (const engine::BandPoint& point : band) {
    const double distance = std::abs(std::log(point.lr / lr));
    if (point.lr > 0 && distance < nearest) {
      nearest = distance;
      loss = point.median;
    }
  }
  return loss;
}

} // namespace

PlottedRun repeatedPlottedRun(const storage::RunDetails& parent,
                              const engine::RepeatSummary& summary, const QString& label,
                              const QColor& color) {
  PlottedRun run;
  run.id = parent.summary.id;
  run.label = label;
  run.color = color;
  run.steps.reserve(summary.band.size());
  for (const engine::BandPoint& point : summary.band) {
    engine::StepRecord step;
    step.step = static_cast<int>(point.step);
    step.groupLrs = {point.lr};
    step.smoothedLoss = point.median;
    step.loss = std::numeric_limits<double>::quiet_NaN();
    run.steps.push_back(std::move(step));
  }
  run.band = summary.band;
  run.spreads = summary.rules;
  for (const engine::RuleSpread& rule : summary.rules) {
    engine::Suggestion suggestion;
    suggestion.rule = rule.rule;
    suggestion.lr = rule.spread.median;
    suggestion.loss = medianLossAt(summary.band, rule.spread.median);
    run.suggestions.push_back(std::move(suggestion));
  }
  if (parent.range)
    run.range = storage::RangeBounds{parent.range->lower, parent.range->upper};
  return run;
}

QString repeatLabel(std::size_t index, const storage::RunDetails& repeat) {
  return QObject::tr("repeat %1 (seed %2)").arg(index + 1).arg(repeat.seed);
}

} // namespace lrscope::ui
