#include "plots/plotted_run.h"

#include <array>

namespace lrscope::ui {

QColor runColor(int index) {
  // Tableau 10 first (distinct, colour-blind friendly), then golden-angle hues.
  static constexpr std::array<QRgb, 10> kTableau = {0x4e79a7, 0xf28e2b, 0x59a14f, 0xe15759,
                                                    0x76b7b2, 0xedc948, 0xb07aa1, 0xff9da7,
                                                    0x9c755f, 0xbab0ac};
  if (index >= 0 && index < static_cast<int>(kTableau.size())) {
    return QColor(kTableau[static_cast<std::size_t>(index)]);
  }
  const int hue = (index * 137) % 360;
  return QColor::fromHsv(hue, 170, 190);
}

} // namespace lrscope::ui
