#pragma once

#include "lrscope/storage/run_database.h"

#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTableWidget;

namespace lrscope::ui {

/// What is known about the current run: status, duration, config, the table of suggestions
/// (clicking one moves the nearer range marker to it), the picked range as two editable
/// fields, notes and tags. It only shows and reports edits; the main window stores them.
class RunDetailsPanel : public QWidget {
  Q_OBJECT
public:
  explicit RunDetailsPanel(QWidget* parent = nullptr);

  /// Shows one run; std::nullopt shows a hint that nothing is selected.
  void showRun(const std::optional<storage::RunDetails>& run);
  /// Shows several runs side by side: colour, status, picked range and its source.
  void showComparison(const std::vector<storage::RunDetails>& runs,
                      const std::vector<QColor>& colors);
  /// Updates the range fields and the source label, without emitting rangeEdited.
  void showRange(const std::optional<storage::StoredRange>& range);
  /// Updates status and duration of a live run.
  void showStatus(const QString& status, const QString& message);

  [[nodiscard]] QTableWidget* suggestionTable() const { return m_suggestions; }

Q_SIGNALS:
  /// The user clicked a suggestion.
  void suggestionActivated(double lr);
  /// The user typed a valid range into the fields and confirmed it.
  void rangeEdited(double lower, double upper);
  void resetRangeRequested();
  void notesEdited(const QString& notes);
  void tagsEdited(const QStringList& tags);
  /// "Train with this range…" was clicked (shown for a range test with a range).
  void trainRequested();

private:
  void commitRangeFields();

  QStackedWidget* m_pages; ///< one run, or the comparison table
  QTableWidget* m_comparison;
  QLabel* m_title;
  QLabel* m_status;
  QTableWidget* m_suggestions;
  QLineEdit* m_lower;
  QLineEdit* m_upper;
  QLabel* m_rangeSource;
  QPushButton* m_reset;
  QLabel* m_rangeError;
  QPushButton* m_train;
  QLineEdit* m_tags;
  QPlainTextEdit* m_notes;
  QPlainTextEdit* m_config;
  std::optional<storage::StoredRange> m_range;
  QString m_shownNotes;
  bool m_running = false; ///< the shown run is still recording
};

} // namespace lrscope::ui
