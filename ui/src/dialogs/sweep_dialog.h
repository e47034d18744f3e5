#pragma once

#include "dialogs/form_widgets.h"
#include "dialogs/source_run_dialog.h"

#include "lrscope/engine/find_config.h"
#include "lrscope/engine/sweep_job.h"
#include "lrscope/storage/run_database.h"

#include <optional>

class QLabel;
class QLineEdit;
class QSpinBox;

namespace lrscope::ui {

/// "Sweep around this range": K fixed learning rates, log-spaced from lower to upper, raced by
/// successive halving on the range test's sample with its data, model, optimizer and seed. The
/// span defaults to sweepSpanAround(the picked range), half a decade beyond each end. Start
/// checks every field (the LRs, the sample, SweepConfig::validate) and shows what is wrong in
/// red under the form, the field outlined; the number of LRs, epochs per rung and batch size
/// are remembered in QSettings.
class SweepDialog : public SourceRunDialog {
  Q_OBJECT
public:
  explicit SweepDialog(QWidget* parent = nullptr);

  /// Prefills from a range test with a picked range. False, with errorString(), when its config
  /// cannot be read or it has no range; the fields then keep their defaults.
  bool setSourceRun(const storage::RunDetails& run);

  /// The config the fields describe, or nothing with a message naming the field (which is
  /// outlined and focused).
  [[nodiscard]] std::optional<engine::SweepConfig> validatedConfig(QString* error);
  /// The accepted config (valid once the dialog was accepted).
  [[nodiscard]] const engine::SweepConfig& config() const { return m_accepted; }
  /// The message under the form; empty when nothing is wrong.
  [[nodiscard]] QString errorText() const;

  /// Accepts only when every field is valid, then remembers the settings.
  void accept() override;

private:
  [[nodiscard]] FieldProblem readFields(engine::SweepConfig& config) const;
  void showProblem(const FieldProblem& problem);
  void clearProblem();
  /// The LRs and the cost the fields describe, under them.
  void updatePreview();
  void restoreSettings();
  void saveSettings() const;

  engine::SweepConfig m_accepted;

  QSpinBox* m_candidates;
  QLineEdit* m_lower;
  QLineEdit* m_upper;
  QLabel* m_lrs;
  QSpinBox* m_epochsPerRung;
  QLabel* m_cost;
  QLineEdit* m_sample;
  QSpinBox* m_validation;
  QSpinBox* m_batchSize;
  QWidget* m_flagged = nullptr;
};

} // namespace lrscope::ui
