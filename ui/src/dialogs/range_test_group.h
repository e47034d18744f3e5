#pragma once

#include "dialogs/form_widgets.h"

#include <QGroupBox>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace lrscope::engine {
struct FindConfig;
}

namespace lrscope::ui {

/// The range test part of the dialog: LR bounds, steps, batches, stopping, the seed, and how
/// many times to repeat the test (each repeat with the next seed), or one test per layer group.
class RangeTestGroup : public QGroupBox {
  Q_OBJECT
public:
  explicit RangeTestGroup(QWidget* parent = nullptr);

  void setFrom(const engine::FindConfig& config);
  /// Writes config.rangeTest, the seed of config.sample and config.repeats; notes the first
  /// field that does not parse.
  void readInto(engine::FindConfig& config, FieldProblem* problem) const;
  /// The field an engine validation message is about, or null.
  [[nodiscard]] QWidget* fieldFor(const QString& message) const;
  /// "Per layer group" is checked: one range test per layer group instead of one.
  [[nodiscard]] bool perLayerGroup() const;

private:
  /// Repeats and per layer group exclude each other; resampling needs repeats.
  void updateEnabled();

private:
  QLineEdit* m_startLr;
  QLineEdit* m_endLr;
  QSpinBox* m_iterations;
  QComboBox* m_mode;
  QSpinBox* m_batchSize;
  QSpinBox* m_accumulation;
  QLineEdit* m_smoothing;
  QLineEdit* m_divergeFactor;
  QSpinBox* m_validateEvery;
  QLineEdit* m_seed;
  QSpinBox* m_repeats;
  QCheckBox* m_resample;
  QCheckBox* m_perGroup;
};

} // namespace lrscope::ui
