#pragma once

// Driving the range test dialog's widgets as a user would, for the dialog's QtTest binaries.
#include "temporary_settings.h"

#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QWidget>
#include <QtTest>

namespace lrscope::ui::test {

/// The dialog's widget with that object name; a missing one ends the test run.
template <typename T> T* child(const QWidget& dialog, const char* name) {
  T* widget = dialog.findChild<T*>(QLatin1String(name));
  if (widget == nullptr)
    qFatal("the dialog has no %s named \"%s\"", T::staticMetaObject.className(), name);
  return widget;
}

/// Replaces the text of a line edit or spin box by typing, as a user would.
template <typename T> void type(T* field, const QString& text) {
  field->selectAll();
  QTest::keyClicks(field, text);
}

/// Picks the item with that text; a missing one ends the test run.
inline void choose(QComboBox* box, const QString& text) {
  const int index = box->findText(text);
  if (index < 0)
    qFatal("%s has no item \"%s\"", qPrintable(box->objectName()), qPrintable(text));
  box->setCurrentIndex(index);
}

inline void clickStart(const QWidget& dialog) {
  QTest::mouseClick(child<QPushButton>(dialog, "startButton"), Qt::LeftButton);
}

inline void writeFile(const QString& path, const QByteArray& bytes) {
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
    qFatal("cannot write %s", qPrintable(path));
}

inline bool isFlagged(const QWidget* field) {
  return field->property("invalid").toBool();
}

/// Names the app `application` and keeps its QSettings in `folder` (keepSettingsIn); ends the test
/// run when they would land anywhere else.
inline void useSettingsIn(const QString& folder, const char* application) {
  QCoreApplication::setOrganizationName("lrscope-test");
  QCoreApplication::setApplicationName(application);
  keepSettingsIn(folder);
  if (!QSettings().fileName().startsWith(folder))
    qFatal("the settings would be at %s", qPrintable(QSettings().fileName()));
}

/// Writes a three-row CSV table with a "label" column as `file`.
inline void writeValidCsv(const QString& file) {
  writeFile(file, "a,b,label\n1,2,0\n3,4,1\n5,6,0\n");
}

/// Fills the dialog's data box with that CSV table and its label column: valid as it stands.
inline void fillValidCsv(const QWidget& dialog, const QString& file) {
  choose(child<QComboBox>(dialog, "dataKind"), "CSV file");
  type(child<QLineEdit>(dialog, "dataPath"), file);
  type(child<QComboBox>(dialog, "labelColumn")->lineEdit(), "label");
}

} // namespace lrscope::ui::test
