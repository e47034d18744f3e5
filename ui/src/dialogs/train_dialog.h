#pragma once

#include "dialogs/source_run_dialog.h"

#include "lrscope/engine/find_config.h"
#include "lrscope/engine/training_job.h"
#include "lrscope/storage/run_database.h"

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace lrscope::ui {

/// "Train with this range": a training run prefilled from a stored range test (its data,
/// model, optimizer and seed; its picked range as the schedule's lower and upper LR). The
/// user picks the schedule, epochs, batch size, the full training set or the test's sample,
/// the validation size, optional layer-group LRs spread from lo to hi, and the checkpoint.
/// Start checks every field (TrainConfig::validate and the range) and shows what is wrong
/// under the form; accepted settings other than the range are remembered in QSettings.
class TrainDialog : public SourceRunDialog {
  Q_OBJECT
public:
  explicit TrainDialog(QWidget* parent = nullptr);

  /// Prefills from a range test (or sweep) run. The checkpoint goes to
  /// <database folder>/checkpoints/run-<id>.pt (a suffix when that file exists). False, with
  /// errorString(), when its config cannot be read; the fields then keep their defaults.
  bool setSourceRun(const storage::RunDetails& run, const QString& databasePath);

  /// The config the fields describe, or nothing with a message naming the field.
  [[nodiscard]] std::optional<engine::TrainConfig> validatedConfig(QString* error) const;
  /// The accepted config (valid once the dialog was accepted).
  [[nodiscard]] const engine::TrainConfig& config() const { return m_accepted; }

  /// Accepts only when every field is valid, then remembers the settings.
  void accept() override;

private:
  void restoreSettings();
  void saveSettings() const;
  void updateEnabled();

  engine::TrainConfig m_accepted;

  QComboBox* m_schedule;
  QLineEdit* m_lower;
  QLineEdit* m_upper;
  QSpinBox* m_epochs;
  QSpinBox* m_batchSize;
  QComboBox* m_trainOn;
  QSpinBox* m_validation;
  QCheckBox* m_spread;
  QLineEdit* m_spreadLo;
  QLineEdit* m_spreadHi;
  QLineEdit* m_checkpoint;
};

} // namespace lrscope::ui
