#pragma once

#include <QString>

#include <optional>
#include <vector>

namespace lrscope::ui {

/// One measured figure of `lrscope --ui-bench`, with the target when it has one.
struct BenchFigure {
  enum class Bound { None, AtMost, AtLeast };

  QString key;   ///< JSON key, e.g. "longest_gap_ms"
  QString label; ///< what was measured, for the table
  double value = 0.0;
  QString unit; ///< "ms", "steps/s", "" for a count
  Bound bound = Bound::None;
  double target = 0.0; ///< meaningful unless bound is None

  [[nodiscard]] bool hasTarget() const { return bound != Bound::None; }
  [[nodiscard]] bool passes() const {
    return bound == Bound::AtMost    ? value < target
           : bound == Bound::AtLeast ? value >= target
                                     : true;
  }
};

/// A part of the benchmark: what it did in one line, and its figures.
struct BenchSection {
  QString key;   ///< JSON key, e.g. "live_run"
  QString title; ///< e.g. "1. Live range test"
  QString setup; ///< what was measured how, one or two lines
  std::vector<BenchFigure> figures;
  double seconds = 0.0; ///< wall time of the part, building its database included

  void add(QString key, QString label, double value, QString unit) {
    figures.push_back({std::move(key), std::move(label), value, std::move(unit)});
  }
  void addAtMost(QString key, QString label, double value, QString unit, double target) {
    figures.push_back({std::move(key), std::move(label), value, std::move(unit),
                       BenchFigure::Bound::AtMost, target});
  }
  void addAtLeast(QString key, QString label, double value, QString unit, double target) {
    figures.push_back({std::move(key), std::move(label), value, std::move(unit),
                       BenchFigure::Bound::AtLeast, target});
  }
};

} // namespace lrscope::ui
