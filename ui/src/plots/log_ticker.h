#pragma once

#include "qcustomplot_include.h"

#include <QString>

namespace lrscope::ui {

/// Ticks for a learning-rate axis on a log scale: one labelled tick per decade (or every few
/// decades on a wide span) with sub-ticks at 2..9, and 1-2-5 ticks once zoomed in below about a
/// decade, where QCPAxisTickerLog alone would leave the axis bare. Labels read "1e-5", "2.5e-4",
/// "0.1", "1", "10".
class LogTicker : public QCPAxisTickerLog {
public:
  LogTicker();

  /// Makes axis logarithmic with these ticks, and turns off QCustomPlot's superscript powers
  /// (which would turn "1e-5" back into 10 with an exponent).
  static void install(QCPAxis* axis);

  /// The label text for one learning rate, as the ticks show it.
  [[nodiscard]] static QString label(double value);

protected:
  QVector<double> createTickVector(double tickStep, const QCPRange& range) override;
  QVector<double> createSubTickVector(int subTickCount, const QVector<double>& ticks) override;
  QString getTickLabel(double tick, const QLocale& locale, QChar formatChar,
                       int precision) override;

private:
  enum class Mode { Decades, OneTwoFive, Mantissas, Linear };
  Mode m_mode = Mode::Decades; ///< what the last createTickVector made
  int m_decadeStep = 1;        ///< decades between two major ticks, in Mode::Decades
};

} // namespace lrscope::ui
