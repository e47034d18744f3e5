#pragma once

// Help > User guide: docs/guide.md with its pictures and the reference it links to, built into
// the program (a Qt resource), so that it opens wherever the program runs from.

class QDialog;
class QWidget;

namespace lrscope::ui {

/// The guide in the program's resources; its pictures are under qrc:/docs/images.
inline constexpr const char* kUserGuideUrl = "qrc:/docs/guide.md";

/// A window (not modal) that shows the guide with its pictures; a link to the reference opens
/// in it (Back returns), web links in the desktop's browser.
[[nodiscard]] QDialog* newUserGuideViewer(QWidget* parent);

} // namespace lrscope::ui
