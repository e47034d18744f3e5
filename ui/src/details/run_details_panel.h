#pragma once

#include "lrscope/engine/run_record.h"
#include "lrscope/storage/repeated_range_test_summary.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/sweep_summary.h"

#include <QWidget>

#include <optional>

class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QComboBox;
class QStackedWidget;
class QTableWidget;

namespace lrscope::storage {
struct AuditRun;
}

namespace lrscope::ui {

class AuditDetails;
class ComparisonTable;
struct ComparedRun;
class GroupDetails;
struct GroupTestRun;
class RepeatDetails;
class SweepDetails;
class TrainingDetails;

/// What is known about the current run: status, duration, config, notes and tags; for a range
/// test the table of suggestions (clicking one moves the nearer range marker to it) and the
/// picked range as two editable fields; for a training run its schedule, epochs, final test
/// accuracy and checkpoint (TrainingDetails); for a sweep its best learning rate, the extremes
/// it eliminated and a table of its learning rates (SweepDetails); for an audit its verdict and
/// the peak LRs it trained (AuditDetails). It only shows and reports
/// edits; the main window loads what it shows and stores the edits.
class RunDetailsPanel : public QWidget {
  Q_OBJECT
public:
  /// What the panel shows below a run's status, beside its notes, tags and config.
  enum class Section {
    RangeTest, ///< the range and the suggestions, with "Train…" and "Sweep…"
    Curve,     ///< the range and the suggestions of a curve that cannot be trained from
    Training,  ///< trainingDetails()
    Sweep,     ///< sweepDetails(), cleared until showSweep
    Groups,    ///< groupDetails(), cleared until showGroupTests
    Repeats,   ///< the median range with "Train…" and "Sweep…", and repeatDetails()
    Audit,     ///< auditDetails(), cleared until showAudit
  };

  explicit RunDetailsPanel(QWidget* parent = nullptr);

  /// Shows one run's status, notes, tags, config and range, in the Curve section; std::nullopt
  /// shows a hint that nothing is selected. A presenter then picks the section its kind shows.
  void showRun(const std::optional<storage::RunDetails>& run);
  void showSection(Section section);
  /// Shows several runs side by side in a ComparisonTable: colour and status, the range tests'
  /// picked range, the training runs' peak LR, schedule, test accuracy and wall time.
  void showComparison(const std::vector<ComparedRun>& runs);
  /// Updates the range fields and the source label, without emitting rangeEdited.
  void showRange(const std::optional<storage::StoredRange>& range);
  /// The epochs of the training run shown (after showRun; again as a live run adds epochs).
  void showTrainingEpochs(const std::vector<engine::EpochRecord>& epochs);
  /// One more epoch of the training run shown, as it arrives.
  void addTrainingEpoch(const engine::EpochRecord& epoch);
  /// The learning rates of the sweep shown (after showRun; again while it races).
  void showSweep(const storage::SweepSummary& sweep);
  /// The tests of the per-group range test shown (after showRun): the whole-model test and one
  /// per layer group, each with its picked range.
  void showGroupTests(const std::vector<GroupTestRun>& tests);
  /// The repeats of the repeated range test shown (after showRun): verdict, spreads, each
  /// repeat's range.
  void showRepeatedTest(const storage::RepeatedRangeTestSummary& test);
  /// The audit shown (after showRun): verdict, cost, the peak LRs it trained, its range tests.
  void showAudit(const storage::AuditRun& audit);
  /// Updates status and duration of a live run.
  void showStatus(const QString& status, const QString& message);

  [[nodiscard]] QTableWidget* suggestionTable() const { return m_suggestions; }
  [[nodiscard]] ComparisonTable* comparisonTable() const { return m_comparison; }
  [[nodiscard]] TrainingDetails* trainingDetails() const { return m_trainingDetails; }
  [[nodiscard]] SweepDetails* sweepDetails() const { return m_sweepDetails; }
  [[nodiscard]] GroupDetails* groupDetails() const { return m_groupDetails; }
  [[nodiscard]] RepeatDetails* repeatDetails() const { return m_repeatDetails; }
  [[nodiscard]] AuditDetails* auditDetails() const { return m_auditDetails; }

Q_SIGNALS:
  /// The user clicked a suggestion.
  void suggestionActivated(double lr);
  /// The user typed a valid range into the fields and confirmed it.
  void rangeEdited(double lower, double upper);
  void resetRangeRequested();
  /// The user chose another version of the range rule for the shown run's automatic range.
  void rangeRuleChosen(int version);
  void notesEdited(const QString& notes);
  void tagsEdited(const QStringList& tags);
  /// "Train with this range…" was clicked (shown for a range test with a range).
  void trainRequested();
  /// "Sweep around it…" was clicked (shown for a range test).
  void sweepRequested();

private:
  void commitRangeFields();

  QStackedWidget* m_pages; ///< one run, or the comparison table
  ComparisonTable* m_comparison;
  QLabel* m_title;
  QLabel* m_status;
  QTableWidget* m_suggestions;
  QLineEdit* m_lower;
  QLineEdit* m_upper;
  QLabel* m_rangeSource;
  QPushButton* m_reset;
  QLabel* m_rangeRuleLabel;
  QComboBox* m_rangeRule; ///< the range rule's versions, newest first; data: the version
  QLabel* m_rangeError;
  QPushButton* m_train;
  QPushButton* m_sweep;
  QLineEdit* m_tags;
  QPlainTextEdit* m_notes;
  QPlainTextEdit* m_config;
  TrainingDetails* m_trainingDetails;
  SweepDetails* m_sweepDetails;
  GroupDetails* m_groupDetails;
  RepeatDetails* m_repeatDetails;
  AuditDetails* m_auditDetails;
  QGroupBox* m_rangeBox = nullptr;
  QLabel* m_suggestionsLabel = nullptr;
  std::optional<storage::StoredRange> m_range;
  /// The shown run's optimizer, for the rules' records in the audit matrix; empty for none.
  std::string m_optimizer;
  QString m_shownNotes;
  bool m_running = false; ///< the shown run is still recording
};

} // namespace lrscope::ui
