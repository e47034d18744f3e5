#include "plots/suggestion_markers.h"

#include "qcustomplot_include.h"

#include <algorithm>
#include <numeric>

namespace lrscope::ui {
namespace {

const QColor kLineColor(230, 81, 0, 150);
const QColor kTextColor(191, 54, 12);
constexpr int kTopMargin = 4;   ///< pixels between the axis rect's top and the first row
constexpr int kGap = 6;         ///< least pixels between two labels in one row
constexpr int kRowSpacing = 2;  ///< pixels between rows
constexpr int kWhiskerGap = 3;  ///< pixels between a label and its whisker below it
constexpr int kWhiskerRoom = 6; ///< pixels a row grows by for a whisker (and its end bars)

const engine::RuleSpread* spreadOfRule(const std::vector<engine::RuleSpread>& spreads,
                                       const std::string& rule) {
  for (const engine::RuleSpread& spread : spreads)
    if (spread.rule == rule)
      return &spread;
  return nullptr;
}

} // namespace

SuggestionMarkers::SuggestionMarkers(QCustomPlot* plot, QCPLayer* layer)
    : QObject(plot), m_plot(plot), m_layer(layer) {
  connect(plot, &QCustomPlot::itemClick, this, &SuggestionMarkers::onItemClick);
}

SuggestionMarkers::~SuggestionMarkers() = default;

void SuggestionMarkers::setSuggestions(const std::vector<engine::Suggestion>& suggestions,
                                       const std::vector<engine::RuleSpread>& spreads) {
  removeAll();
  QFont font = m_plot->font();
  font.setPointSizeF(font.pointSizeF() * 0.9);
  for (const engine::Suggestion& s : suggestions) {
    if (!(s.lr > 0))
      continue;
    Marker marker;
    marker.rule = QString::fromStdString(s.rule);
    marker.lr = s.lr;
    marker.line = new QCPItemStraightLine(m_plot);
    marker.line->setLayer(m_layer);
    marker.line->setSelectable(false);
    marker.line->point1->setTypeY(QCPItemPosition::ptAxisRectRatio);
    marker.line->point2->setTypeY(QCPItemPosition::ptAxisRectRatio);
    marker.line->point1->setCoords(s.lr, 0.0);
    marker.line->point2->setCoords(s.lr, 1.0);
    marker.label = new QCPItemText(m_plot);
    marker.label->setLayer(m_layer);
    marker.label->setSelectable(false);
    marker.label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    marker.label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    marker.label->setText(marker.rule);
    marker.label->setFont(font);
    marker.label->setColor(kTextColor);
    marker.label->setBrush(QColor(255, 255, 255, 190));
    marker.label->setPadding(QMargins(2, 0, 2, 0));
    const engine::RuleSpread* spread = spreadOfRule(spreads, s.rule);
    if (spread != nullptr && spread->spread.count > 1 && spread->spread.min > 0) {
      marker.spreadMin = spread->spread.min;
      marker.spreadMax = spread->spread.max;
      marker.whisker = new QCPItemLine(m_plot);
      marker.whisker->setLayer(m_layer);
      marker.whisker->setSelectable(false);
      for (QCPItemPosition* end : {marker.whisker->start, marker.whisker->end})
        end->setTypeY(QCPItemPosition::ptAxisRectRatio);
      marker.whisker->setHead(QCPLineEnding(QCPLineEnding::esBar, 6));
      marker.whisker->setTail(QCPLineEnding(QCPLineEnding::esBar, 6));
    }
    m_markers.push_back(marker);
  }
  highlight(m_highlighted);
  setVisible(m_visible);
}

void SuggestionMarkers::setVisible(bool visible) {
  m_visible = visible;
  for (const Marker& marker : m_markers) {
    marker.line->setVisible(visible);
    marker.label->setVisible(visible);
    if (marker.whisker != nullptr)
      marker.whisker->setVisible(visible);
  }
}

void SuggestionMarkers::highlight(const QString& rule) {
  m_highlighted = rule;
  for (const Marker& marker : m_markers) {
    const bool on = !rule.isEmpty() && marker.rule == rule;
    marker.line->setPen(on ? QPen(kTextColor, 2) : QPen(kLineColor, 1, Qt::DashLine));
    if (marker.whisker != nullptr)
      marker.whisker->setPen(QPen(kTextColor, on ? 2.0 : 1.2));
    QFont font = marker.label->font();
    font.setBold(on);
    marker.label->setFont(font);
  }
}

QCPItemText* SuggestionMarkers::label(int index) const {
  return m_markers.at(static_cast<std::size_t>(index)).label;
}

QCPItemLine* SuggestionMarkers::whisker(int index) const {
  return m_markers.at(static_cast<std::size_t>(index)).whisker;
}

int SuggestionMarkers::whiskerCount() const {
  return static_cast<int>(std::count_if(m_markers.begin(), m_markers.end(),
                                        [](const Marker& m) { return m.whisker != nullptr; }));
}

void SuggestionMarkers::removeAll() {
  for (const Marker& marker : m_markers) {
    m_plot->removeItem(marker.line);
    m_plot->removeItem(marker.label);
    if (marker.whisker != nullptr)
      m_plot->removeItem(marker.whisker);
  }
  m_markers.clear();
}

void SuggestionMarkers::layoutLabels() {
  if (m_markers.empty() || !m_visible)
    return;
  // Left to right, each label (and its whisker) goes into the first row where it does not touch
  // the previous one. Rows are as tall as a label and, when any marker has one, a whisker.
  std::vector<std::size_t> order(m_markers.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [this](std::size_t a, std::size_t b) { return m_markers[a].lr < m_markers[b].lr; });
  const QCPAxis* axis = m_plot->xAxis;
  const double height = std::max(1, m_plot->axisRect()->height());
  const bool anyWhisker = whiskerCount() > 0;
  std::vector<double> rowEnds;
  for (std::size_t i : order) {
    const Marker& marker = m_markers[i];
    const QFontMetrics metrics(marker.label->font());
    const double at = axis->coordToPixel(marker.lr);
    double left = at;
    double right = at + metrics.horizontalAdvance(marker.rule) + 4;
    if (marker.whisker != nullptr) {
      left = std::min(left, axis->coordToPixel(marker.spreadMin) - 3);
      right = std::max(right, axis->coordToPixel(marker.spreadMax) + 3);
    }
    std::size_t row = 0;
    while (row < rowEnds.size() && rowEnds[row] + kGap > left)
      ++row;
    if (row == rowEnds.size())
      rowEnds.push_back(0);
    rowEnds[row] = right;
    const double rowHeight =
        metrics.height() + kRowSpacing + (anyWhisker ? kWhiskerGap + kWhiskerRoom : 0);
    const double top = kTopMargin + static_cast<double>(row) * rowHeight;
    marker.label->position->setCoords(marker.lr, top / height);
    if (marker.whisker != nullptr) {
      const double y = (top + metrics.height() + kWhiskerGap) / height;
      marker.whisker->start->setCoords(marker.spreadMin, y);
      marker.whisker->end->setCoords(marker.spreadMax, y);
    }
  }
}

void SuggestionMarkers::onItemClick(QCPAbstractItem* item, QMouseEvent* event) {
  Q_UNUSED(event)
  for (const Marker& marker : m_markers)
    if (item == marker.line || item == marker.label ||
        (item == marker.whisker && item != nullptr)) {
      Q_EMIT clicked(marker.rule, marker.lr);
      return;
    }
}

} // namespace lrscope::ui
