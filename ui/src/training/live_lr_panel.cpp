#include "training/live_lr_panel.h"

#include "dialogs/field_text.h"
#include "number_format.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include <cmath>

namespace lrscope::ui {

LiveLrPanel::LiveLrPanel(QWidget* parent)
    : QWidget(parent), m_current(new QLabel), m_absolute(new QLineEdit), m_factor(new QLineEdit),
      m_message(new QLabel) {
  setObjectName("liveLrPanel");
  m_current->setObjectName("liveLrCurrent");
  m_absolute->setObjectName("liveLrValue");
  m_absolute->setPlaceholderText(tr("new LR, e.g. 3e-4"));
  m_absolute->setMaximumWidth(120);
  m_factor->setObjectName("liveLrFactor");
  m_factor->setPlaceholderText(tr("factor"));
  m_factor->setMaximumWidth(70);
  m_message->setObjectName("liveLrMessage");

  auto* set = new QPushButton(tr("Set LR"));
  set->setObjectName("liveLrSet");
  set->setToolTip(tr("Use this LR from the next step on; the schedule goes on from there"));
  auto* half = new QPushButton(tr("×0.5"));
  half->setObjectName("liveLrHalf");
  auto* twice = new QPushButton(tr("×2"));
  twice->setObjectName("liveLrDouble");
  auto* scale = new QPushButton(tr("× factor"));
  scale->setObjectName("liveLrScale");
  for (QPushButton* button : {set, half, twice, scale})
    button->setAutoDefault(false);

  connect(set, &QPushButton::clicked, this,
          [this] { requestFromField(m_absolute, engine::LrChange::Kind::Set, tr("LR")); });
  connect(m_absolute, &QLineEdit::returnPressed, set, &QPushButton::click);
  connect(scale, &QPushButton::clicked, this,
          [this] { requestFromField(m_factor, engine::LrChange::Kind::Scale, tr("factor")); });
  connect(m_factor, &QLineEdit::returnPressed, scale, &QPushButton::click);
  connect(half, &QPushButton::clicked, this,
          [this] { Q_EMIT changeRequested(engine::LrChange::Kind::Scale, 0.5); });
  connect(twice, &QPushButton::clicked, this,
          [this] { Q_EMIT changeRequested(engine::LrChange::Kind::Scale, 2.0); });

  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(new QLabel(tr("LR:")));
  layout->addWidget(m_current);
  layout->addWidget(m_absolute);
  layout->addWidget(set);
  layout->addWidget(half);
  layout->addWidget(twice);
  layout->addWidget(m_factor);
  layout->addWidget(scale);
  layout->addWidget(m_message);
  setCurrentLr(std::nan(""));
}

void LiveLrPanel::setCurrentLr(double lr) {
  m_current->setText(lrText(lr));
}

void LiveLrPanel::showMessage(const QString& text, bool error) {
  m_message->setText(text);
  m_message->setStyleSheet(error ? "color: #c62828" : QString());
}

void LiveLrPanel::requestFromField(QLineEdit* field, engine::LrChange::Kind kind,
                                   const QString& what) {
  const std::optional<double> value = parseNumberField(field->text());
  if (!value || *value <= 0.0) {
    showMessage(tr("The %1 must be a positive number, got \"%2\"").arg(what, field->text()), true);
    field->setFocus();
    return;
  }
  showMessage(QString(), false);
  Q_EMIT changeRequested(kind, *value);
}

} // namespace lrscope::ui
