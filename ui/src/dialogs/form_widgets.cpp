#include "dialogs/form_widgets.h"

#include "dialogs/field_text.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QStyle>

namespace lrscope::ui {

void noteProblem(FieldProblem* problem, QWidget* field, const QString& message) {
  if (problem != nullptr && problem->isEmpty() && field->isEnabled())
    *problem = FieldProblem{message, field};
}

void readNumberField(QLineEdit* edit, const QString& what, double& out, FieldProblem* problem) {
  if (const std::optional<double> value = parseNumberField(edit->text())) {
    out = *value;
    return;
  }
  noteProblem(
      problem, edit,
      QCoreApplication::translate("lrscope::ui::RangeTestDialog", "%1: \"%2\" is not a number")
          .arg(what, edit->text().trimmed()));
}

QLineEdit* newLineEdit(QWidget* parent, const char* name, const QString& placeholder) {
  auto* edit = new QLineEdit(parent);
  edit->setObjectName(QString::fromLatin1(name));
  edit->setPlaceholderText(placeholder);
  return edit;
}

QSpinBox* newSpinBox(QWidget* parent, const char* name, int minimum, int maximum) {
  auto* spin = new QSpinBox(parent);
  spin->setObjectName(QString::fromLatin1(name));
  spin->setRange(minimum, maximum);
  return spin;
}

QComboBox* newComboBox(QWidget* parent, const char* name) {
  auto* box = new QComboBox(parent);
  box->setObjectName(QString::fromLatin1(name));
  return box;
}

QWidget* newRow(QWidget* parent, std::initializer_list<QWidget*> widgets) {
  auto* row = new QWidget(parent);
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  for (QWidget* widget : widgets)
    layout->addWidget(widget, qobject_cast<QLineEdit*>(widget) != nullptr ? 1 : 0);
  row->setFocusProxy(*widgets.begin()); // the label's shortcut goes to the first widget
  return row;
}

QFormLayout* newForm(QGroupBox* group) {
  auto* form = new QFormLayout(group);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return form;
}

void setRowEnabled(QWidget* field, bool enabled) {
  field->setEnabled(enabled);
  if (auto* form = qobject_cast<QFormLayout*>(field->parentWidget()->layout()))
    if (QWidget* label = form->labelForField(field))
      label->setEnabled(enabled);
}

namespace {

void setInvalid(QWidget* field, bool invalid) {
  field->setProperty("invalid", invalid);
  field->style()->unpolish(field);
  field->style()->polish(field);
}

} // namespace

QWidget* flagProblem(QLabel* error, const FieldProblem& problem) {
  error->setText(problem.message);
  error->show();
  if (problem.field == nullptr)
    return nullptr;
  setInvalid(problem.field, true);
  problem.field->setFocus();
  if (auto* edit = qobject_cast<QLineEdit*>(problem.field))
    edit->selectAll();
  return problem.field;
}

void unflagProblem(QLabel* error, QWidget* flagged) {
  error->clear();
  error->hide();
  if (flagged != nullptr)
    setInvalid(flagged, false);
}

} // namespace lrscope::ui
