#include "dialogs/optimizer_group.h"

#include "dialogs/field_text.h"

#include "lrscope/engine/find_config.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>

namespace lrscope::ui {

OptimizerGroup::OptimizerGroup(QWidget* parent)
    : QGroupBox(tr("Optimizer"), parent), m_kind(newComboBox(this, "optimizer")),
      m_momentum(newLineEdit(this, "momentum")),
      m_momentumDefault(new QCheckBox(tr("default"), this)),
      m_nesterov(new QCheckBox(tr("Nesterov momentum"), this)),
      m_weightDecay(newLineEdit(this, "weightDecay")), m_beta1(newLineEdit(this, "beta1")),
      m_beta2(newLineEdit(this, "beta2")), m_eps(newLineEdit(this, "eps")),
      m_alpha(newLineEdit(this, "alpha")) {
  using engine::OptimizerKind;
  for (const auto& [kind, text] : {std::pair{OptimizerKind::Sgd, "SGD"},
                                   {OptimizerKind::Adam, "Adam"},
                                   {OptimizerKind::AdamW, "AdamW"},
                                   {OptimizerKind::RmsProp, "RMSprop"}})
    m_kind->addItem(QString::fromLatin1(text), QString::fromStdString(toString(kind)));
  m_momentumDefault->setObjectName(QStringLiteral("momentumDefault"));
  m_momentumDefault->setToolTip(tr("The optimizer's usual momentum: 0.9 for SGD, 0 for RMSprop"));
  m_nesterov->setObjectName(QStringLiteral("nesterov"));
  m_beta1->setToolTip(tr("Adam's beta1 (momentum of the gradient average)"));
  m_beta2->setToolTip(tr("Adam's beta2 (momentum of the squared gradient average)"));
  m_alpha->setToolTip(tr("RMSprop's smoothing constant"));

  QFormLayout* form = newForm(this);
  form->addRow(tr("Opt&imizer:"), m_kind);
  form->addRow(tr("Mom&entum:"), newRow(this, {m_momentum, m_momentumDefault}));
  form->addRow(QString(), m_nesterov);
  form->addRow(tr("&Weight decay:"), m_weightDecay);
  form->addRow(tr("&Betas:"), newRow(this, {m_beta1, m_beta2}));
  form->addRow(tr("Eps:"), m_eps);
  form->addRow(tr("&Alpha:"), m_alpha);

  connect(m_kind, &QComboBox::currentIndexChanged, this, &OptimizerGroup::updateFields);
  connect(m_momentumDefault, &QCheckBox::toggled, this, &OptimizerGroup::updateFields);
  updateFields();
}

void OptimizerGroup::setFrom(const engine::FindConfig& config) {
  const engine::OptimizerSpec& o = config.optimizer;
  m_kind->setCurrentIndex(m_kind->findData(QString::fromStdString(toString(o.kind))));
  m_momentumDefault->setChecked(!o.momentum.has_value());
  if (o.momentum)
    m_momentum->setText(numberFieldText(*o.momentum));
  m_nesterov->setChecked(o.nesterov);
  m_weightDecay->setText(numberFieldText(o.weightDecay));
  m_beta1->setText(numberFieldText(o.beta1));
  m_beta2->setText(numberFieldText(o.beta2));
  m_eps->setText(numberFieldText(o.eps));
  m_alpha->setText(numberFieldText(o.alpha));
  updateFields();
}

void OptimizerGroup::readInto(engine::FindConfig& config, FieldProblem* problem) const {
  // Only what the chosen kind uses is read; the rest keeps OptimizerSpec's defaults, so that
  // a value left in a disabled field can neither fail validation nor reach the run.
  engine::OptimizerSpec& o = config.optimizer;
  o = engine::OptimizerSpec{};
  o.kind = engine::parseOptimizerKind(m_kind->currentData().toString().toStdString());
  const auto readUsed = [problem](QLineEdit* edit, const QString& what, double& out) {
    if (edit->isEnabled())
      readNumberField(edit, what, out, problem);
  };
  if (m_momentum->isEnabled()) {
    double momentum = 0.0;
    readNumberField(m_momentum, tr("momentum"), momentum, problem);
    o.momentum = momentum;
  }
  o.nesterov = m_nesterov->isEnabled() && m_nesterov->isChecked();
  readUsed(m_weightDecay, tr("weight decay"), o.weightDecay);
  readUsed(m_beta1, tr("beta1"), o.beta1);
  readUsed(m_beta2, tr("beta2"), o.beta2);
  readUsed(m_eps, tr("eps"), o.eps);
  readUsed(m_alpha, tr("alpha"), o.alpha);
}

QWidget* OptimizerGroup::fieldFor(const QString& message) const {
  // "nesterov needs ... momentum > 0" names both: the checkbox is what to change.
  const std::pair<const char*, QWidget*> fields[] = {
      {"nesterov", m_nesterov}, {"momentum", m_momentum}, {"weight decay", m_weightDecay},
      {"beta1", m_beta1},       {"beta2", m_beta2},       {"eps", m_eps},
      {"alpha", m_alpha}};
  for (const auto& [keyword, field] : fields)
    if (message.contains(QLatin1String(keyword)))
      return field;
  return nullptr;
}

void OptimizerGroup::updateFields() {
  engine::OptimizerSpec spec;
  spec.kind = engine::parseOptimizerKind(m_kind->currentData().toString().toStdString());
  const bool sgd = spec.kind == engine::OptimizerKind::Sgd;
  const bool adam =
      spec.kind == engine::OptimizerKind::Adam || spec.kind == engine::OptimizerKind::AdamW;
  const bool rmsprop = spec.kind == engine::OptimizerKind::RmsProp;
  setRowEnabled(m_momentum->parentWidget(), sgd || rmsprop);
  m_momentum->setEnabled(!m_momentumDefault->isChecked());
  if (m_momentumDefault->isChecked())
    m_momentum->setText(numberFieldText(spec.effectiveMomentum()));
  m_nesterov->setEnabled(sgd);
  setRowEnabled(m_beta1->parentWidget(), adam);
  setRowEnabled(m_eps, adam || rmsprop);
  setRowEnabled(m_alpha, rmsprop);
}

} // namespace lrscope::ui
