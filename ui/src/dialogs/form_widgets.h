#pragma once

#include <QString>

#include <initializer_list>

class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QWidget;

namespace lrscope::ui {

// Building blocks of the range test dialog's forms.

/// What validation found wrong: a one-line message and the field to highlight (may be null).
struct FieldProblem {
  QString message;
  QWidget* field = nullptr;

  [[nodiscard]] bool isEmpty() const { return message.isEmpty(); }
};

/// Records message for field unless problem is null, already holds one, or field is disabled
/// (a disabled field does not count, whatever it holds).
void noteProblem(FieldProblem* problem, QWidget* field, const QString& message);
/// Reads a number field into out; leaves out alone and notes a problem when it does not parse.
void readNumberField(QLineEdit* edit, const QString& what, double& out, FieldProblem* problem);

/// Shows the problem's message in `error` and flags its field (the "invalid" style, focus, its
/// text selected); returns the field flagged, or null.
QWidget* flagProblem(QLabel* error, const FieldProblem& problem);
/// Hides `error` and unflags `flagged` (may be null).
void unflagProblem(QLabel* error, QWidget* flagged);

/// Widgets owned by parent, named for tests and style sheets.
[[nodiscard]] QLineEdit* newLineEdit(QWidget* parent, const char* name,
                                     const QString& placeholder = {});
[[nodiscard]] QSpinBox* newSpinBox(QWidget* parent, const char* name, int minimum, int maximum);
[[nodiscard]] QComboBox* newComboBox(QWidget* parent, const char* name);
/// Several widgets side by side that a form treats as one field; line edits take the width,
/// the first one takes the focus.
[[nodiscard]] QWidget* newRow(QWidget* parent, std::initializer_list<QWidget*> widgets);
/// The form layout of a group box, labels right-aligned, fields growing.
[[nodiscard]] QFormLayout* newForm(QGroupBox* group);
/// Enables a field of a form together with its label.
void setRowEnabled(QWidget* field, bool enabled);

} // namespace lrscope::ui
