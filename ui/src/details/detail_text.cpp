#include "details/detail_text.h"

#include <cmath>

namespace lrscope::ui {

QString rangeLrText(double lr) {
  return QString::number(lr, 'e', 3);
}

QString runDurationText(double seconds) {
  if (seconds < 60.0)
    return QString("%1 s").arg(seconds, 0, 'f', seconds < 10.0 ? 2 : 1);
  return QString("%1 min %2 s")
      .arg(static_cast<int>(seconds / 60.0))
      .arg(static_cast<int>(std::fmod(seconds, 60.0)));
}

} // namespace lrscope::ui
