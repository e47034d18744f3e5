#pragma once

// What the plot tests read off a legend.
#include "qcustomplot_include.h"

#include <QStringList>

namespace lrscope::ui::test {

/// The names of the plottables in the legend, top to bottom.
inline QStringList legendNames(QCustomPlot* plot) {
  QStringList names;
  for (int i = 0; i < plot->legend->itemCount(); ++i)
    if (auto* item = qobject_cast<QCPPlottableLegendItem*>(plot->legend->item(i)))
      names << item->plottable()->name();
  return names;
}

} // namespace lrscope::ui::test
