#pragma once

#include <QSettings>
#include <QString>

namespace lrscope::ui::test {

/// Makes the app's QSettings an INI file in `folder`: a test never reads or writes the user's
/// settings, and starts from none.
inline void keepSettingsIn(const QString& folder) {
  QSettings::setDefaultFormat(QSettings::IniFormat);
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, folder);
}

} // namespace lrscope::ui::test
