// Number and name formats of the report.
#include "report/report_text.h"

#include <QObject>

#include <cmath>

namespace lrscope::ui {

QString lrText(double lr) {
  return std::isfinite(lr) && lr > 0 ? QString::asprintf("%.3e", lr) : QStringLiteral("-");
}

QString lossText(double loss) {
  return std::isfinite(loss) ? QString::asprintf("%.4f", loss) : QStringLiteral("-");
}

QString percentText(double fraction) {
  return std::isfinite(fraction) ? QString::asprintf("%.1f%%", 100.0 * fraction)
                                 : QStringLiteral("-");
}

QString durationText(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0)
    return QStringLiteral("-");
  if (seconds < 60)
    return QString::asprintf("%.1f s", seconds);
  const auto whole = static_cast<long long>(std::llround(seconds));
  if (whole < 3600)
    return QString::asprintf("%lld min %02lld s", whole / 60, whole % 60);
  return QString::asprintf("%lld h %02lld min", whole / 3600, (whole % 3600) / 60);
}

QString rulePurpose(const std::string& rule) {
  if (rule == "minimum")
    return QObject::tr("LR of the lowest smoothed loss, divided by 10 (fastai)");
  if (rule == "steep")
    return QObject::tr("where the smoothed loss falls fastest per log-LR (fastai)");
  if (rule == "valley")
    return QObject::tr("middle of the longest steadily falling stretch (fastai)");
  if (rule == "slide")
    return QObject::tr("where the slope stops changing, sliding down from the end (fastai)");
  if (rule == "steepest_index")
    return QObject::tr("steepest fall per step, 10 first and 5 last points left out "
                       "(pytorch-lr-finder)");
  if (rule == "steepest_lr")
    return QObject::tr("steepest fall per unit of LR (Lightning); favours tiny LRs, shown for "
                       "comparison only");
  if (rule == "lrscope-range")
    return QObject::tr("LR Scope's range: lower bound where the loss clearly starts to improve, "
                       "upper bound where improvement starts to falter");
  return QObject::tr("a rule this version of LR Scope does not describe");
}

} // namespace lrscope::ui
