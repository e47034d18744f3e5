#pragma once

#include "lrscope/engine/run_record.h"
#include "lrscope/storage/run_database.h"

#include <QWidget>

#include <vector>

class QLabel;
class QTimer;
class QTableWidget;

namespace lrscope::ui {

/// The details of a training run, in place of a range test's range and suggestions: its
/// schedule and learning rate(s), a table of its epochs (train loss, validation and test loss
/// and accuracy, the LR at the epoch's end, seconds), the final test accuracy, the wall time
/// and where the model was saved.
class TrainingDetails : public QWidget {
  Q_OBJECT
public:
  explicit TrainingDetails(QWidget* parent = nullptr);

  /// The run's schedule, wall time and checkpoint; its epochs follow with showEpochs.
  void showRun(const storage::RunDetails& run);
  /// Fills the epoch table and the final figures (a live run: every epoch so far).
  void showEpochs(const std::vector<engine::EpochRecord>& epochs);
  /// Adds the epoch a live run just finished (an epoch already shown is ignored). Rows arriving
  /// close together are added at once, at most every kAppendIntervalMs, so that a tiny model
  /// finishing thousands of epochs a second does not flood the window.
  void appendEpoch(const engine::EpochRecord& epoch);
  static constexpr int kAppendIntervalMs = 100;

  [[nodiscard]] QTableWidget* epochTable() const { return m_epochs; }
  [[nodiscard]] QString summaryText() const;
  [[nodiscard]] QString scheduleText() const;

private:
  void updateSummary();
  void addRow(const engine::EpochRecord& epoch);
  void addPending();
  /// The final test accuracy, the time so far, after the last epoch shown.
  void showLast(const engine::EpochRecord& last);

  QLabel* m_schedule;
  QTableWidget* m_epochs;
  QLabel* m_summary;
  double m_runSeconds = 0.0;   ///< the stored duration
  double m_epochSeconds = 0.0; ///< the last epoch's time since the start of training
  bool m_running = false;
  int m_lastEpoch = -1;                       ///< the last epoch in the table (0-based)
  double m_lastWall = 0.0;                    ///< its time since the start of training
  std::vector<engine::EpochRecord> m_pending; ///< arrived, not in the table yet
  QTimer* m_appendTimer;
  QString m_checkpoint;
  QString m_finalTest;
};

} // namespace lrscope::ui
