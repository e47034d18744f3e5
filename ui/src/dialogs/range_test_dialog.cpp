#include "dialogs/range_test_dialog.h"

#include "dialogs/data_group.h"
#include "dialogs/model_group.h"
#include "dialogs/optimizer_group.h"
#include "dialogs/range_test_group.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/json_input.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStyle>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

namespace lrscope::ui {
namespace {

// The field that validation flags; see showProblem().
const char* const kInvalidStyle =
    "QLineEdit[invalid=\"true\"], QAbstractSpinBox[invalid=\"true\"], "
    "QComboBox[invalid=\"true\"] { border: 1px solid #c62828; border-radius: 2px; "
    "padding: 1px 2px; }"
    "QCheckBox[invalid=\"true\"] { color: #c62828; }";

} // namespace

RangeTestDialog::RangeTestDialog(QWidget* parent)
    : QDialog(parent), m_experiment(new QComboBox(this)), m_data(new DataGroup(this)),
      m_model(new ModelGroup(this)), m_optimizer(new OptimizerGroup(this)),
      m_rangeTest(new RangeTestGroup(this)), m_error(new QLabel(this)) {
  setWindowTitle(tr("New range test"));
  setStyleSheet(QString::fromLatin1(kInvalidStyle));

  m_experiment->setObjectName(QStringLiteral("experiment"));
  m_experiment->setEditable(true);
  m_experiment->setInsertPolicy(QComboBox::NoInsert);
  m_experiment->addItem(QStringLiteral("default"));
  m_experiment->setToolTip(tr("The experiment the run is stored in; type a name for a new one"));
  auto* top = new QFormLayout;
  top->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  top->addRow(tr("E&xperiment:"), m_experiment);

  // Two columns of about equal height: what to train on the top row, how below.
  auto* left = new QVBoxLayout;
  left->addWidget(m_data);
  left->addWidget(m_optimizer);
  left->addStretch(1);
  auto* right = new QVBoxLayout;
  right->addWidget(m_model);
  right->addWidget(m_rangeTest);
  right->addStretch(1);
  auto* columns = new QHBoxLayout;
  columns->addLayout(left, 1);
  columns->addLayout(right, 1);

  m_error->setObjectName(QStringLiteral("errorMessage"));
  m_error->setWordWrap(true);
  m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
  m_error->hide();

  auto* buttons = new QDialogButtonBox(this);
  QPushButton* start = buttons->addButton(tr("Start"), QDialogButtonBox::AcceptRole);
  start->setObjectName(QStringLiteral("startButton"));
  start->setDefault(true);
  buttons->addButton(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
  connect(buttons, &QDialogButtonBox::accepted, this, &RangeTestDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &RangeTestDialog::reject);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addLayout(columns);
  layout->addWidget(m_error);
  layout->addWidget(buttons);

  setConfig(engine::FindConfig{});
  loadRememberedConfig();
}

void RangeTestDialog::setConfig(const engine::FindConfig& config) {
  m_data->setFrom(config);
  m_model->setFrom(config);
  m_optimizer->setFrom(config);
  m_rangeTest->setFrom(config);
  clearProblem();
}

engine::FindConfig RangeTestDialog::config() const {
  return readFields(nullptr);
}

bool RangeTestDialog::perLayerGroup() const {
  return m_rangeTest->perLayerGroup();
}

void RangeTestDialog::setDataSource(const QString& path) {
  clearProblem();
  m_data->setSource(path);
}

void RangeTestDialog::setExperiments(const QStringList& names, const QString& current) {
  m_experiment->clear();
  m_experiment->addItems(names);
  m_experiment->setCurrentText(current.isEmpty() ? names.value(0, QStringLiteral("default"))
                                                 : current);
}

QString RangeTestDialog::experiment() const {
  return m_experiment->currentText().trimmed();
}

QString RangeTestDialog::errorText() const {
  return m_error->text();
}

void RangeTestDialog::accept() {
  clearProblem();
  if (const FieldProblem problem = validate(); !problem.isEmpty()) {
    showProblem(problem);
    return;
  }
  rememberConfig(config());
  QDialog::accept();
}

engine::FindConfig RangeTestDialog::readFields(FieldProblem* problem) const {
  engine::FindConfig config;
  m_data->readInto(config, problem);
  m_model->readInto(config, problem);
  m_optimizer->readInto(config, problem);
  m_rangeTest->readInto(config, problem);
  return config;
}

FieldProblem RangeTestDialog::validate() const {
  if (experiment().isEmpty())
    return {tr("name the experiment the run goes into"), m_experiment};
  if (FieldProblem problem = m_data->check(); !problem.isEmpty())
    return problem;
  if (FieldProblem problem = m_model->check(); !problem.isEmpty())
    return problem;
  FieldProblem problem;
  const engine::FindConfig config = readFields(&problem);
  if (!problem.isEmpty())
    return problem;
  try {
    config.validate();
  } catch (const engine::InputError& error) {
    // The engine names the field in its message; the group that knows the name flags it.
    problem.message = QString::fromStdString(error.what());
    for (QWidget* field :
         {m_data->fieldFor(problem.message), m_optimizer->fieldFor(problem.message),
          m_rangeTest->fieldFor(problem.message)})
      if (problem.field == nullptr)
        problem.field = field;
  }
  return problem;
}

void RangeTestDialog::showProblem(const FieldProblem& problem) {
  m_flagged = flagProblem(m_error, problem);
}

void RangeTestDialog::clearProblem() {
  unflagProblem(m_error, m_flagged);
  m_flagged = nullptr;
}

void RangeTestDialog::loadRememberedConfig() {
  const QString text = QSettings().value(QLatin1String(kSettingsKey)).toString();
  if (text.isEmpty())
    return;
  try {
    setConfig(engine::findConfigFromJson(
        engine::parseJsonInput(text.toStdString(), "the remembered config")));
  } catch (const std::exception&) {
    // Settings another version wrote, or a damaged file: keep the defaults.
  }
}

void RangeTestDialog::rememberConfig(const engine::FindConfig& config) {
  nlohmann::json json = engine::toJson(config);
  // toJson spells out the effective momentum; without it the box stays on "default".
  if (!config.optimizer.momentum)
    json["optimizer"].erase("momentum");
  QSettings().setValue(QLatin1String(kSettingsKey), QString::fromStdString(json.dump()));
}

} // namespace lrscope::ui
