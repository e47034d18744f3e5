#include "plots/log_ticker.h"

#include "number_format.h"

#include <cmath>

namespace lrscope::ui {
namespace {

constexpr int kMaxDecadeTicks = 10;
/// Below this many decades the axis gets 1-2-5 ticks instead of powers of ten.
constexpr double kNarrowDecades = 1.3;

int decadeOf(double value) {
  return static_cast<int>(std::floor(std::log10(value) + 1e-9));
}

/// Values m * 10^e (m from mantissas) inside [lower, upper], one beyond each end included.
QVector<double> mantissaTicks(const QCPRange& range, std::initializer_list<double> mantissas) {
  QVector<double> ticks;
  for (int e = decadeOf(range.lower) - 1; e <= decadeOf(range.upper) + 1; ++e)
    for (double m : mantissas)
      ticks.append(m * std::pow(10.0, e));
  return ticks;
}

int countInside(const QVector<double>& ticks, const QCPRange& range) {
  int n = 0;
  for (double t : ticks)
    n += range.contains(t) ? 1 : 0;
  return n;
}

} // namespace

LogTicker::LogTicker() {
  setLogBase(10);
  setSubTickCount(8);
}

void LogTicker::install(QCPAxis* axis) {
  axis->setScaleType(QCPAxis::stLogarithmic);
  axis->setTicker(QSharedPointer<LogTicker>::create());
  axis->setNumberFormat(QStringLiteral("g"));
}

QString LogTicker::label(double value) {
  return lrShortText(value);
}

QVector<double> LogTicker::createTickVector(double tickStep, const QCPRange& range) {
  Q_UNUSED(tickStep)
  m_mode = Mode::Decades;
  m_decadeStep = 1;
  if (!(range.lower > 0) || !(range.upper > range.lower))
    return {};
  const double decades = std::log10(range.upper / range.lower);
  if (decades >= kNarrowDecades) {
    m_decadeStep = std::max(1, static_cast<int>(std::ceil(decades / kMaxDecadeTicks)));
    const int first = static_cast<int>(std::floor(decadeOf(range.lower) / double(m_decadeStep)));
    const int last = static_cast<int>(std::ceil(decadeOf(range.upper) / double(m_decadeStep))) + 1;
    QVector<double> ticks;
    for (int k = first; k <= last; ++k)
      ticks.append(std::pow(10.0, k * m_decadeStep));
    return ticks;
  }
  m_mode = Mode::OneTwoFive;
  QVector<double> ticks = mantissaTicks(range, {1, 2, 5});
  if (countInside(ticks, range) >= 3)
    return ticks;
  m_mode = Mode::Mantissas;
  ticks = mantissaTicks(range, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  if (countInside(ticks, range) >= 3)
    return ticks;
  m_mode = Mode::Linear; // zoomed in further: plain linear steps
  return QCPAxisTicker::createTickVector(QCPAxisTicker::getTickStep(range), range);
}

QVector<double> LogTicker::createSubTickVector(int subTickCount, const QVector<double>& ticks) {
  Q_UNUSED(subTickCount)
  QVector<double> subTicks;
  switch (m_mode) {
  case Mode::Decades:
    break;
  case Mode::OneTwoFive:
    if (!ticks.isEmpty())
      for (int e = decadeOf(ticks.first()); e <= decadeOf(ticks.last()); ++e)
        for (double m : {3, 4, 6, 7, 8, 9})
          subTicks.append(m * std::pow(10.0, e));
    return subTicks;
  case Mode::Mantissas:
    return subTicks;
  case Mode::Linear:
    return QCPAxisTicker::createSubTickVector(4, ticks);
  }
  for (int i = 0; i + 1 < ticks.size(); ++i) {
    const int e0 = decadeOf(ticks[i]);
    if (m_decadeStep == 1) {
      for (int m = 2; m <= 9; ++m)
        subTicks.append(m * std::pow(10.0, e0));
    } else {
      for (int e = e0 + 1; e < e0 + m_decadeStep; ++e)
        subTicks.append(std::pow(10.0, e));
    }
  }
  return subTicks;
}

QString LogTicker::getTickLabel(double tick, const QLocale& locale, QChar formatChar,
                                int precision) {
  Q_UNUSED(locale)
  Q_UNUSED(formatChar)
  Q_UNUSED(precision)
  return label(tick);
}

} // namespace lrscope::ui
