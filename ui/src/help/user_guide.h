#pragma once

// Help > User guide: docs/guide.md, read where the package installs it or beside the program in
// a build tree, shown with its pictures in a simple viewer.

#include <QString>

class QDialog;
class QWidget;

namespace lrscope::ui {

/// The guide's Markdown file: the installed copy (PREFIX/share/doc/lrscope/docs/guide.md beside
/// PREFIX/bin/lrscope), or the source tree's for a program run from its build folder
/// (build/app/lrscope); empty when neither is there.
[[nodiscard]] QString userGuidePath(const QString& programDir);

/// A non-modal window that shows the guide at `path` with its pictures; links to other pages
/// of the guide open in it, web links in the desktop's browser.
[[nodiscard]] QDialog* newUserGuideViewer(const QString& path, QWidget* parent);

} // namespace lrscope::ui
