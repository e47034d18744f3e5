// The New range test dialog's newer sources and model options, driven offscreen as a user
// would: a tensor file, an image folder counted before the run, with its options, a checkpoint
// to start from, and frozen layer groups checked against the model. QSettings live in a temp dir,
// never in the user's settings.
#include "dialogs/range_test_dialog.h"

#include "dialog_driving.h"

#include "lrscope/engine/find_config.h"

#include <QCheckBox>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

namespace lrscope::ui {

using test::child;
using test::choose;
using test::clickStart;
using test::fillValidCsv;
using test::isFlagged;
using test::type;
using test::writeFile;

const QString kImageFolderItem = "Image folder (a subfolder of PNG or JPEG files per class)";

class DialogSourcesTest : public QObject {
  Q_OBJECT
private:
  QTemporaryDir m_settingsDir;
  QTemporaryDir m_dataDir;
  QString m_csv;
  QString m_images;

  /// The image folder: train/ with three classes of two 12x10 gray PNGs, test/ with one each.
  void writeImageFolder() {
    const QDir root(m_dataDir.path());
    for (const QString& split : {QString("train"), QString("test")})
      for (const QString& label : {QString("cat"), QString("dog"), QString("fox")}) {
        const QString folder = QString("images/%1/%2").arg(split, label);
        QVERIFY(root.mkpath(folder));
        for (int i = 0; i < (split == "train" ? 2 : 1); ++i) {
          QImage image(12, 10, QImage::Format_Grayscale8);
          image.fill(40 * i + 10);
          QVERIFY(image.save(root.filePath(folder + QString("/%1.png").arg(i))));
        }
      }
    m_images = root.filePath("images");
  }

private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_settingsDir.isValid());
    QVERIFY(m_dataDir.isValid());
    test::useSettingsIn(m_settingsDir.path(), "dialog-sources-test");
    m_csv = m_dataDir.filePath("table.csv");
    test::writeValidCsv(m_csv);
    writeImageFolder();
    qputenv("XDG_CACHE_HOME", m_dataDir.filePath("cache").toUtf8());
  }

  void init() { QSettings().clear(); }

  void startsFromACheckpointOnlyWhenItIsThere() {
    RangeTestDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    choose(child<QComboBox>(dialog, "dataKind"), "Fashion-MNIST (built-in)");
    const QString missing = m_dataDir.filePath("no-checkpoint.pt");
    type(child<QLineEdit>(dialog, "fromCheckpoint"), missing);
    clickStart(dialog);
    QVERIFY(dialog.isVisible());
    QVERIFY2(dialog.errorText().contains(missing + ": file not found"),
             qPrintable(dialog.errorText()));
    QVERIFY(isFlagged(child<QLineEdit>(dialog, "fromCheckpoint")));

    const QString file = m_dataDir.filePath("mid.pt");
    writeFile(file, "PK"); // the engine reads it when the run starts
    type(child<QLineEdit>(dialog, "fromCheckpoint"), file);
    clickStart(dialog);
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QCOMPARE(QString::fromStdString(dialog.config().fromCheckpoint), file);
  }

  void aDroppedTensorFileIsATensorFileWhoseTaskCanBeARegression() {
    RangeTestDialog dialog;
    const QString file = m_dataDir.filePath("data.pt");
    writeFile(file, "PK"); // the dialog checks it is there; the engine reads it when it starts
    dialog.setDataSource(file);
    QCOMPARE(child<QComboBox>(dialog, "dataKind")->currentText(),
             QString("Tensor file (.pt, saved from Python)"));
    QVERIFY(!child<QComboBox>(dialog, "labelColumn")->isEnabled());
    QComboBox* task = child<QComboBox>(dialog, "task");
    QVERIFY(task->isEnabled());
    choose(task, "regression");
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    clickStart(dialog);
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QCOMPARE(QString::fromStdString(dialog.config().data.source), file);
    QVERIFY(dialog.config().data.task == engine::TaskKind::Regression);
  }

  void frozenGroupsAreCheckedAgainstTheModelAndComeBack() {
    RangeTestDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    fillValidCsv(dialog, m_csv);
    choose(child<QComboBox>(dialog, "model"), "mlp");
    type(child<QLineEdit>(dialog, "hiddenWidths"), "32, 16");
    auto* freeze = child<QLineEdit>(dialog, "freeze");
    QVERIFY2(freeze->toolTip().contains("hidden1, hidden2, head"), qPrintable(freeze->toolTip()));

    type(freeze, "conv1");
    clickStart(dialog);
    QVERIFY2(dialog.errorText().contains("cannot freeze \"conv1\""),
             qPrintable(dialog.errorText()));
    QVERIFY2(dialog.errorText().contains("hidden1, hidden2, head"), qPrintable(dialog.errorText()));
    QVERIFY(isFlagged(freeze));
    type(freeze, "hidden1, hidden2, head");
    clickStart(dialog);
    QVERIFY2(dialog.errorText().contains("leaves nothing to train"),
             qPrintable(dialog.errorText()));
    QCOMPARE(dialog.result(), 0);

    type(freeze, "hidden1, hidden2");
    clickStart(dialog);
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QCOMPARE(dialog.config().model.frozenGroups, (std::vector<std::string>{"hidden1", "hidden2"}));

    RangeTestDialog next; // the accepted settings come back
    QCOMPARE(child<QLineEdit>(next, "freeze")->text(), QString("hidden1, hidden2"));
  }

  void anImageFolderIsCountedBeforeTheRunAndItsOptionsComeBack() {
    RangeTestDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    choose(child<QComboBox>(dialog, "dataKind"), kImageFolderItem);
    auto* size = child<QLineEdit>(dialog, "imageSize");
    QVERIFY(size->isEnabled());
    auto* path = child<QLineEdit>(dialog, "dataPath");
    type(path, m_images);
    QTest::keyClick(path, Qt::Key_Return); // editingFinished: the folder is listed
    QCOMPARE(child<QLabel>(dialog, "imagesFound")->text(),
             QString("Found 9 images in 3 classes (train 6, test 3)"));

    type(size, "0x8");
    clickStart(dialog);
    QVERIFY2(dialog.errorText().contains("image size"), qPrintable(dialog.errorText()));
    QVERIFY(isFlagged(size));
    type(size, "8");
    choose(child<QComboBox>(dialog, "imageChannels"), "3 (colour)");
    child<QCheckBox>(dialog, "skipBadImages")->setChecked(true);
    child<QCheckBox>(dialog, "useImageCache")->setChecked(false);
    clickStart(dialog);
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    const engine::FindConfig config = dialog.config();
    QCOMPARE(QString::fromStdString(config.data.source), m_images);
    QCOMPARE(config.data.images.size.height, 8);
    QCOMPARE(config.data.images.size.width, 8);
    QCOMPARE(config.data.images.channels, 3);
    QVERIFY(config.data.images.skipBadImages);
    QVERIFY(!config.data.images.useCache);

    RangeTestDialog next; // the options stored with the config come back
    QCOMPARE(child<QComboBox>(next, "dataKind")->currentText(), kImageFolderItem);
    QCOMPARE(child<QLineEdit>(next, "imageSize")->text(), QString("8x8"));
    QCOMPARE(child<QComboBox>(next, "imageChannels")->currentText(), QString("3 (colour)"));
    QVERIFY(child<QCheckBox>(next, "skipBadImages")->isChecked());
  }

  void aFolderThatIsNoImageFolderIsRefusedBeforeTheRun() {
    QVERIFY(QDir(m_dataDir.path()).mkpath("one-class/cat"));
    QImage image(8, 8, QImage::Format_Grayscale8);
    image.fill(0);
    QVERIFY(image.save(m_dataDir.filePath("one-class/cat/a.png")));
    RangeTestDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    choose(child<QComboBox>(dialog, "dataKind"), kImageFolderItem);
    type(child<QLineEdit>(dialog, "dataPath"), m_dataDir.filePath("one-class"));
    clickStart(dialog);
    QVERIFY2(dialog.errorText().contains("two classes"), qPrintable(dialog.errorText()));
    QVERIFY(isFlagged(child<QLineEdit>(dialog, "dataPath")));
    QCOMPARE(dialog.result(), 0);
  }

  void aDroppedImageFolderChoosesTheImageSource() {
    RangeTestDialog dialog;
    dialog.setDataSource(m_images);
    QCOMPARE(child<QComboBox>(dialog, "dataKind")->currentText(), kImageFolderItem);
    QVERIFY2(child<QLabel>(dialog, "imagesFound")->text().startsWith("Found 9 images"),
             qPrintable(child<QLabel>(dialog, "imagesFound")->text()));
  }
};

} // namespace lrscope::ui

QTEST_MAIN(lrscope::ui::DialogSourcesTest)
#include "dialog_sources_test.moc"
