// Drives the real "New range test" dialog offscreen: fields are filled through the widgets,
// Start validates, and the accepted settings come back in the next dialog. QSettings live in
// a temp dir, never in the user's settings.
#include "dialogs/range_test_dialog.h"

#include "dialog_driving.h"

#include "lrscope/engine/find_config.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

namespace lrscope::ui {
namespace {

using test::child;
using test::choose;
using test::clickStart;
using test::fillValidCsv;
using test::isFlagged;
using test::type;
using test::writeFile;

} // namespace

class RangeTestDialogTest : public QObject {
  Q_OBJECT
private:
  QTemporaryDir m_settingsDir;
  QTemporaryDir m_dataDir;
  QString m_csv;
  QString m_idxFolder;

private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_settingsDir.isValid());
    QVERIFY(m_dataDir.isValid());
    test::useSettingsIn(m_settingsDir.path(), "range-test-dialog-test");

    m_csv = m_dataDir.filePath("table.csv");
    test::writeValidCsv(m_csv);
    QVERIFY(QDir(m_dataDir.path()).mkdir("idx"));
    m_idxFolder = m_dataDir.filePath("idx");
    writeFile(m_idxFolder + "/train-images-idx3-ubyte", "");
  }

  void init() { QSettings().clear(); }

  void theTestFractionOfATableIsCheckedAndReturned() {
    RangeTestDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    choose(child<QComboBox>(dialog, "dataKind"), "Fashion-MNIST (built-in)");
    auto* fraction = child<QLineEdit>(dialog, "testFraction");
    QVERIFY(!fraction->isEnabled()); // Fashion-MNIST has its own test split
    fillValidCsv(dialog, m_csv);
    QVERIFY(fraction->isEnabled());
    QCOMPARE(fraction->text(), QString("0.2"));
    type(fraction, "0.95");
    clickStart(dialog);
    QVERIFY2(dialog.errorText().contains("test-fraction"), qPrintable(dialog.errorText()));
    QVERIFY(isFlagged(fraction));
    QCOMPARE(dialog.result(), 0);
    type(fraction, "0.3");
    clickStart(dialog);
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QCOMPARE(dialog.config().data.testFraction, 0.3);
  }

  void repeatsAndResampleAskForARepeatedTest() {
    RangeTestDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    fillValidCsv(dialog, m_csv);
    auto* repeats = child<QSpinBox>(dialog, "repeats");
    auto* resample = child<QCheckBox>(dialog, "resample");
    auto* perGroup = child<QCheckBox>(dialog, "perLayerGroup");
    QCOMPARE(repeats->value(), 1); // a single test unless asked
    QVERIFY(!resample->isEnabled());
    QVERIFY(perGroup->isEnabled());

    type(repeats, "4");
    QCOMPARE(repeats->value(), 4);
    QVERIFY(resample->isEnabled());
    QVERIFY(!perGroup->isEnabled()); // repeats and per layer group exclude each other
    QTest::mouseClick(resample, Qt::LeftButton);
    QVERIFY(resample->isChecked());
    clickStart(dialog);
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QCOMPARE(dialog.config().repeats.count, 4);
    QVERIFY(dialog.config().repeats.resample);
    QVERIFY(!dialog.perLayerGroup());

    // The next dialog starts from them; back to 1, resampling is off whatever the box says.
    RangeTestDialog next;
    next.show();
    QVERIFY(QTest::qWaitForWindowExposed(&next));
    QCOMPARE(child<QSpinBox>(next, "repeats")->value(), 4);
    QVERIFY(child<QCheckBox>(next, "resample")->isChecked());
    type(child<QSpinBox>(next, "repeats"), "1");
    QVERIFY(!child<QCheckBox>(next, "resample")->isEnabled());
    QVERIFY(child<QCheckBox>(next, "perLayerGroup")->isEnabled());
    clickStart(next);
    QVERIFY2(next.errorText().isEmpty(), qPrintable(next.errorText()));
    QCOMPARE(next.config().repeats.count, 1);
    QVERIFY(!next.config().repeats.resample);
  }

  void acceptsValidSettingsAndReturnsThem() {
    RangeTestDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    fillValidCsv(dialog, m_csv);
    type(child<QLineEdit>(dialog, "sampleSize"), "500");
    type(child<QSpinBox>(dialog, "validationSize"), "100");
    choose(child<QComboBox>(dialog, "model"), "mlp");
    type(child<QLineEdit>(dialog, "hiddenWidths"), "64, 32");
    choose(child<QComboBox>(dialog, "optimizer"), "Adam");
    type(child<QLineEdit>(dialog, "beta1"), "0.8");
    type(child<QLineEdit>(dialog, "weightDecay"), "1e-4");
    type(child<QLineEdit>(dialog, "startLr"), "1e-6");
    type(child<QLineEdit>(dialog, "endLr"), "1");
    type(child<QSpinBox>(dialog, "iterations"), "50");
    choose(child<QComboBox>(dialog, "ladderMode"), "linear");
    type(child<QSpinBox>(dialog, "batchSize"), "32");
    type(child<QLineEdit>(dialog, "seed"), "7");

    clickStart(dialog);
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());

    const engine::FindConfig c = dialog.config();
    QCOMPARE(QString::fromStdString(c.data.source), m_csv);
    QCOMPARE(c.data.labelColumn, std::string("label"));
    QVERIFY(c.data.task == engine::TaskKind::Classification);
    QCOMPARE(c.sample.count, int64_t{500});
    QCOMPARE(c.sample.fraction, 0.0);
    QCOMPARE(c.sample.validationCount, int64_t{100});
    QCOMPARE(c.sample.seed, uint64_t{7});
    QCOMPARE(c.model.name, std::string("mlp"));
    QCOMPARE(c.model.hiddenWidths, (std::vector<int64_t>{64, 32}));
    QVERIFY(c.optimizer.kind == engine::OptimizerKind::Adam);
    QCOMPARE(c.optimizer.beta1, 0.8);
    QCOMPARE(c.optimizer.beta2, 0.999);
    QCOMPARE(c.optimizer.weightDecay, 1e-4);
    QVERIFY(!c.optimizer.momentum.has_value());
    QVERIFY(!c.optimizer.nesterov);
    QCOMPARE(c.rangeTest.startLr, 1e-6);
    QCOMPARE(c.rangeTest.endLr, 1.0);
    QCOMPARE(c.rangeTest.iterations, 50);
    QVERIFY(c.rangeTest.mode == engine::LadderMode::Linear);
    QCOMPARE(c.rangeTest.batchSize, 32);
    QCOMPARE(c.rangeTest.seed, uint64_t{7});
  }

  void refusesAStartLrNotBelowTheEnd() {
    RangeTestDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    fillValidCsv(dialog, m_csv);
    auto* endLr = child<QLineEdit>(dialog, "endLr");
    type(child<QLineEdit>(dialog, "startLr"), "1");
    type(endLr, "0.1");

    clickStart(dialog);
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY2(dialog.errorText().contains("end LR"), qPrintable(dialog.errorText()));
    QVERIFY(child<QLabel>(dialog, "errorMessage")->isVisible());
    QVERIFY(isFlagged(endLr));
    QCOMPARE(dialog.focusWidget(), endLr);

    type(endLr, "10");
    clickStart(dialog);
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!isFlagged(endLr));
  }

  void namesAFieldThatIsNotANumberButIgnoresDisabledOnes() {
    RangeTestDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    fillValidCsv(dialog, m_csv);
    choose(child<QComboBox>(dialog, "optimizer"), "SGD");
    type(child<QLineEdit>(dialog, "alpha"), "xyz"); // RMSprop only: disabled for SGD
    QVERIFY(!child<QLineEdit>(dialog, "alpha")->isEnabled());
    auto* startLr = child<QLineEdit>(dialog, "startLr");
    type(startLr, "abc");

    clickStart(dialog);
    QVERIFY(dialog.isVisible());
    QVERIFY2(dialog.errorText().contains("start LR"), qPrintable(dialog.errorText()));
    QVERIFY(dialog.errorText().contains("abc"));
    QVERIFY(isFlagged(startLr));

    type(startLr, "1e-7");
    clickStart(dialog);
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
  }

  void asksForTheLabelColumnOfADroppedCsv() {
    RangeTestDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.setDataSource(m_csv);
    QCOMPARE(child<QComboBox>(dialog, "dataKind")->currentText(), QString("CSV file"));
    QCOMPARE(child<QLineEdit>(dialog, "dataPath")->text(), m_csv);
    auto* label = child<QComboBox>(dialog, "labelColumn");
    QVERIFY(label->isEnabled());
    QVERIFY(child<QComboBox>(dialog, "task")->isEnabled());
    QCOMPARE(label->count(), 3); // the header's columns, to pick from
    QCOMPARE(label->itemText(2), QString("label"));
    QVERIFY(label->currentText().isEmpty());

    clickStart(dialog);
    QVERIFY(dialog.isVisible());
    QVERIFY2(dialog.errorText().contains("label column"), qPrintable(dialog.errorText()));
    QVERIFY(isFlagged(label));

    type(label->lineEdit(), "y");
    clickStart(dialog);
    QVERIFY(dialog.isVisible());
    QVERIFY2(dialog.errorText().contains("no label column \"y\""), qPrintable(dialog.errorText()));
    QVERIFY(dialog.errorText().contains("a, b, label"));

    choose(label, "label");
    clickStart(dialog);
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QCOMPARE(dialog.config().data.labelColumn, std::string("label"));
  }

  void refusesMissingFiles_data() {
    QTest::addColumn<QString>("dataKind");
    QTest::addColumn<QString>("dataPath");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("modelPath");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("flagged");
    const QString folder = "Folder of IDX or CIFAR-10 files";
    const QString missingFolder = m_dataDir.filePath("no-such-folder");
    const QString missingCsv = m_dataDir.filePath("missing.csv");
    const QString missingModel = m_dataDir.filePath("model.pt");
    QTest::newRow("missing folder") << folder << missingFolder << "mlp"
                                    << "" << missingFolder + ": folder not found"
                                    << "dataPath";
    QTest::newRow("folder without images") << folder << m_dataDir.path() << "mlp"
                                           << ""
                                           << "holds neither"
                                           << "dataPath";
    QTest::newRow("missing csv") << "CSV file" << missingCsv << "mlp"
                                 << "" << missingCsv + ": file not found"
                                 << "dataPath";
    const QString missingTensors = m_dataDir.filePath("missing.pt");
    QTest::newRow("missing tensor file")
        << "Tensor file (.pt, saved from Python)" << missingTensors << "mlp"
        << "" << missingTensors + ": file not found"
        << "dataPath";
    QTest::newRow("no TorchScript file chosen") << "CSV file" << m_csv << "TorchScript file"
                                                << ""
                                                << "choose a TorchScript"
                                                << "modelPath";
    QTest::newRow("missing TorchScript file") << "CSV file" << m_csv << "TorchScript file"
                                              << missingModel << missingModel + ": file not found"
                                              << "modelPath";
  }

  void refusesMissingFiles() {
    QFETCH(QString, dataKind);
    QFETCH(QString, dataPath);
    QFETCH(QString, model);
    QFETCH(QString, modelPath);
    QFETCH(QString, expected);
    QFETCH(QString, flagged);
    RangeTestDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    choose(child<QComboBox>(dialog, "dataKind"), dataKind);
    type(child<QLineEdit>(dialog, "dataPath"), dataPath);
    if (dataKind == "CSV file")
      type(child<QComboBox>(dialog, "labelColumn")->lineEdit(), "label");
    choose(child<QComboBox>(dialog, "model"), model);
    type(child<QLineEdit>(dialog, "modelPath"), modelPath);

    clickStart(dialog);
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY2(dialog.errorText().contains(expected), qPrintable(dialog.errorText()));
    QVERIFY(isFlagged(child<QLineEdit>(dialog, qPrintable(flagged))));
  }

  void selectsTheFolderOfADroppedImageFile() {
    RangeTestDialog dialog;
    dialog.setDataSource(m_idxFolder + "/train-images-idx3-ubyte");
    QCOMPARE(child<QComboBox>(dialog, "dataKind")->currentText(),
             QString("Folder of IDX or CIFAR-10 files"));
    QCOMPARE(child<QLineEdit>(dialog, "dataPath")->text(), m_idxFolder);
    QVERIFY(!child<QComboBox>(dialog, "labelColumn")->isEnabled());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    clickStart(dialog);
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QCOMPARE(QString::fromStdString(dialog.config().data.source), m_idxFolder);
    QVERIFY(dialog.config().data.labelColumn.empty());
  }

  void enablesOnlyTheFieldsOfTheChosenKind_data() {
    QTest::addColumn<QString>("optimizer");
    QTest::addColumn<bool>("momentum");
    QTest::addColumn<bool>("nesterov");
    QTest::addColumn<bool>("betas");
    QTest::addColumn<bool>("eps");
    QTest::addColumn<bool>("alpha");
    QTest::newRow("sgd") << "SGD" << true << true << false << false << false;
    QTest::newRow("adam") << "Adam" << false << false << true << true << false;
    QTest::newRow("adamw") << "AdamW" << false << false << true << true << false;
    QTest::newRow("rmsprop") << "RMSprop" << true << false << false << true << true;
  }

  void enablesOnlyTheFieldsOfTheChosenKind() {
    QFETCH(QString, optimizer);
    QFETCH(bool, momentum);
    QFETCH(bool, nesterov);
    QFETCH(bool, betas);
    QFETCH(bool, eps);
    QFETCH(bool, alpha);
    RangeTestDialog dialog;
    choose(child<QComboBox>(dialog, "optimizer"), optimizer);
    auto* defaultMomentum = child<QCheckBox>(dialog, "momentumDefault");
    defaultMomentum->setChecked(false);
    QCOMPARE(child<QLineEdit>(dialog, "momentum")->isEnabled(), momentum);
    QCOMPARE(defaultMomentum->isEnabled(), momentum);
    QCOMPARE(child<QCheckBox>(dialog, "nesterov")->isEnabled(), nesterov);
    QCOMPARE(child<QLineEdit>(dialog, "beta1")->isEnabled(), betas);
    QCOMPARE(child<QLineEdit>(dialog, "beta2")->isEnabled(), betas);
    QCOMPARE(child<QLineEdit>(dialog, "eps")->isEnabled(), eps);
    QCOMPARE(child<QLineEdit>(dialog, "alpha")->isEnabled(), alpha);
    QVERIFY(child<QLineEdit>(dialog, "weightDecay")->isEnabled());
    defaultMomentum->setChecked(true); // the field shows the kind's default, read-only
    QVERIFY(!child<QLineEdit>(dialog, "momentum")->isEnabled());
    QCOMPARE(child<QLineEdit>(dialog, "momentum")->text(),
             QString(optimizer == "SGD" ? "0.9" : "0"));
  }

  void enablesTheDataAndModelFieldsOfTheChoice() {
    RangeTestDialog dialog;
    auto* dataPath = child<QLineEdit>(dialog, "dataPath");
    auto* label = child<QComboBox>(dialog, "labelColumn");
    choose(child<QComboBox>(dialog, "dataKind"), "Fashion-MNIST (built-in)");
    QVERIFY(!dataPath->isEnabled());
    QVERIFY(!label->isEnabled());
    QVERIFY(!child<QComboBox>(dialog, "task")->isEnabled());
    choose(child<QComboBox>(dialog, "dataKind"), "Folder of IDX or CIFAR-10 files");
    QVERIFY(dataPath->isEnabled());
    QVERIFY(!label->isEnabled());
    QCOMPARE(child<QPushButton>(dialog, "dataBrowse")->text(), QString("Choose folder…"));
    choose(child<QComboBox>(dialog, "dataKind"), "CSV file");
    QVERIFY(label->isEnabled());
    QCOMPARE(child<QPushButton>(dialog, "dataBrowse")->text(), QString("Choose file…"));

    auto* model = child<QComboBox>(dialog, "model");
    auto* widths = child<QLineEdit>(dialog, "hiddenWidths");
    auto* modelPath = child<QLineEdit>(dialog, "modelPath");
    for (const std::string& name : engine::ModelSpec::builtInNames()) {
      choose(model, QString::fromStdString(name));
      QCOMPARE(widths->isEnabled(), name == "mlp");
      QVERIFY(!modelPath->isEnabled());
    }
    choose(model, "TorchScript file");
    QVERIFY(modelPath->isEnabled());
    QVERIFY(child<QPushButton>(dialog, "modelBrowse")->isEnabled());
    QVERIFY(!widths->isEnabled());
  }

  void roundTripsEveryField_data() {
    QTest::addColumn<QString>("optimizer");
    QTest::addColumn<bool>("explicitMomentum");
    QTest::newRow("sgd") << "sgd" << true;
    QTest::newRow("adam") << "adam" << false;
    QTest::newRow("adamw") << "adamw" << false;
    QTest::newRow("rmsprop") << "rmsprop" << true;
  }

  void roundTripsEveryField() {
    QFETCH(QString, optimizer);
    QFETCH(bool, explicitMomentum);
    engine::FindConfig c;
    c.data = {m_csv.toStdString(), "b", engine::TaskKind::Regression};
    c.sample = {0, 0.25, 50, 99};
    c.model.name = m_dataDir.filePath("model.pt").toStdString();
    c.model.hiddenWidths = {300, 100};
    // Each kind with its own settings changed; the ones it does not use stay at the defaults.
    engine::OptimizerSpec& o = c.optimizer;
    o.kind = engine::parseOptimizerKind(optimizer.toStdString());
    o.weightDecay = 1e-3;
    if (o.kind == engine::OptimizerKind::Sgd) {
      o.momentum = 0.5;
      o.nesterov = true;
    } else if (o.kind == engine::OptimizerKind::RmsProp) {
      o.momentum = 0.3;
      o.eps = 1e-6;
      o.alpha = 0.9;
    } else {
      o.beta1 = 0.85;
      o.beta2 = 0.99;
      o.eps = 1e-7;
    }
    c.rangeTest = {1e-6, 3.0, 60, engine::LadderMode::Linear, 0.9, 5.0, 16, 2, 10, 99};

    RangeTestDialog dialog;
    dialog.setConfig(c);
    QCOMPARE(child<QLineEdit>(dialog, "sampleSize")->text(), QString("0.25"));
    QCOMPARE(child<QLineEdit>(dialog, "startLr")->text(), QString("1e-6"));
    QCOMPARE(child<QCheckBox>(dialog, "momentumDefault")->isChecked(), !explicitMomentum);
    const engine::FindConfig back = dialog.config();
    QCOMPARE(QString::fromStdString(engine::toJson(back).dump()),
             QString::fromStdString(engine::toJson(c).dump()));
    QCOMPARE(back.optimizer.momentum.has_value(), explicitMomentum);
    QCOMPARE(back.sample.seed, uint64_t{99});
  }

  void offersOnlyTheDevicesOfThisBuild() {
    RangeTestDialog dialog;
    auto* device = child<QComboBox>(dialog, "device");
    const std::vector<engine::Device> offered = engine::availableDevices();
    QCOMPARE(device->count(), static_cast<int>(offered.size()));
    for (int i = 0; i < device->count(); ++i)
      QCOMPARE(device->itemText(i), QString::fromStdString(engine::toString(offered[i])));
    // The CPU alone (Debian's libtorch): shown, disabled, and the tooltip says why.
    QCOMPARE(device->isEnabled(), offered.size() > 1);
    if (offered.size() == 1)
      QVERIFY(device->toolTip().contains("On a GPU"));
    // A run made on a GPU, opened where there is none, is set up for the CPU.
    engine::FindConfig gpuRun;
    gpuRun.model.device = {engine::Device::Kind::Cuda, 7};
    dialog.setConfig(gpuRun);
    if (offered.size() < 9)
      QCOMPARE(device->currentText(), QString("cpu"));
    fillValidCsv(dialog, m_csv);
    QCOMPARE(dialog.config().model.device.isCpu(), offered.size() < 9);
  }

  void ignoresTheSettingsOfOtherOptimizers() {
    RangeTestDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    fillValidCsv(dialog, m_csv);
    choose(child<QComboBox>(dialog, "optimizer"), "Adam");
    type(child<QLineEdit>(dialog, "beta1"), "1.5"); // out of range, but Adam is not kept
    choose(child<QComboBox>(dialog, "optimizer"), "SGD");
    child<QCheckBox>(dialog, "momentumDefault")->setChecked(false);
    type(child<QLineEdit>(dialog, "momentum"), "0.7");

    clickStart(dialog);
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.config().optimizer.beta1, engine::OptimizerSpec{}.beta1);
    QCOMPARE(dialog.config().optimizer.momentum.value_or(-1.0), 0.7);

    // The same value refused while Adam is chosen, naming the field.
    choose(child<QComboBox>(dialog, "optimizer"), "Adam");
    QCOMPARE(child<QLineEdit>(dialog, "beta1")->text(), QString("1.5"));
    dialog.show();
    clickStart(dialog);
    QVERIFY(dialog.isVisible());
    QVERIFY2(dialog.errorText().contains("beta1"), qPrintable(dialog.errorText()));
    QVERIFY(isFlagged(child<QLineEdit>(dialog, "beta1")));
  }

  void remembersTheLastAcceptedSettings() {
    {
      RangeTestDialog dialog;
      dialog.show();
      QVERIFY(QTest::qWaitForWindowExposed(&dialog));
      fillValidCsv(dialog, m_csv);
      choose(child<QComboBox>(dialog, "optimizer"), "RMSprop");
      QVERIFY(child<QCheckBox>(dialog, "momentumDefault")->isChecked());
      type(child<QLineEdit>(dialog, "alpha"), "0.95");
      type(child<QLineEdit>(dialog, "sampleSize"), "10%");
      type(child<QLineEdit>(dialog, "startLr"), "1e-5");
      type(child<QSpinBox>(dialog, "iterations"), "80");
      type(child<QLineEdit>(dialog, "seed"), "42");
      clickStart(dialog);
      QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
      QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    QVERIFY(QSettings().contains(RangeTestDialog::kSettingsKey));

    const auto checkShowsAcceptedValues = [this](const RangeTestDialog& dialog) {
      QCOMPARE(child<QComboBox>(dialog, "dataKind")->currentText(), QString("CSV file"));
      QCOMPARE(child<QLineEdit>(dialog, "dataPath")->text(), m_csv);
      QCOMPARE(child<QComboBox>(dialog, "labelColumn")->currentText(), QString("label"));
      QCOMPARE(child<QComboBox>(dialog, "optimizer")->currentText(), QString("RMSprop"));
      QCOMPARE(child<QLineEdit>(dialog, "alpha")->text(), QString("0.95"));
      QVERIFY(child<QCheckBox>(dialog, "momentumDefault")->isChecked());
      QCOMPARE(child<QLineEdit>(dialog, "sampleSize")->text(), QString("0.1"));
      QCOMPARE(child<QLineEdit>(dialog, "startLr")->text(), QString("1e-5"));
      QCOMPARE(child<QSpinBox>(dialog, "iterations")->value(), 80);
      QCOMPARE(child<QLineEdit>(dialog, "seed")->text(), QString("42"));
      QVERIFY(!dialog.config().optimizer.momentum.has_value());
    };

    {
      RangeTestDialog dialog;
      checkShowsAcceptedValues(dialog);
      if (QTest::currentTestFailed())
        return;
      dialog.show();
      QVERIFY(QTest::qWaitForWindowExposed(&dialog));
      type(child<QLineEdit>(dialog, "startLr"), "1e-3");
      QTest::mouseClick(child<QPushButton>(dialog, "cancelButton"), Qt::LeftButton);
      QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }
    RangeTestDialog afterCancel; // a cancelled dialog stores nothing
    checkShowsAcceptedValues(afterCancel);
  }

  void startsFromDefaultsWhenTheSettingsAreDamaged() {
    QSettings().setValue(RangeTestDialog::kSettingsKey, "{not json");
    RangeTestDialog dialog;
    QCOMPARE(QString::fromStdString(engine::toJson(dialog.config()).dump()),
             QString::fromStdString(engine::toJson(engine::FindConfig{}).dump()));
  }

  void choosesTheExperiment() {
    RangeTestDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.setExperiments({"baseline", "sweep"}, "sweep");
    auto* box = child<QComboBox>(dialog, "experiment");
    QCOMPARE(box->count(), 2);
    QCOMPARE(dialog.experiment(), QString("sweep"));
    type(box->lineEdit(), "new idea");
    QCOMPARE(dialog.experiment(), QString("new idea"));

    fillValidCsv(dialog, m_csv);
    box->lineEdit()->clear();
    clickStart(dialog);
    QVERIFY(dialog.isVisible());
    QVERIFY2(dialog.errorText().contains("experiment"), qPrintable(dialog.errorText()));
    QVERIFY(isFlagged(box));
  }
};

} // namespace lrscope::ui

QTEST_MAIN(lrscope::ui::RangeTestDialogTest)
#include "range_test_dialog_test.moc"
