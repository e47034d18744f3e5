#include "numeric_gradient.h"

#include <cstddef>

namespace lrscope::engine::detail {

std::vector<double> gradient(const std::vector<double>& values) {
  const std::size_t n = values.size();
  std::vector<double> g(n, 0.0);
  if (n < 2)
    return g;
  g.front() = values[1] - values[0];
  g.back() = values[n - 1] - values[n - 2];
  for (std::size_t i = 1; i + 1 < n; ++i)
    g[i] = (values[i + 1] - values[i - 1]) / 2.0;
  return g;
}

std::vector<double> gradient(const std::vector<double>& values, const std::vector<double>& coords) {
  const std::size_t n = values.size();
  std::vector<double> g(n, 0.0);
  if (n < 2 || coords.size() != n)
    return g;
  g.front() = (values[1] - values[0]) / (coords[1] - coords[0]);
  g.back() = (values[n - 1] - values[n - 2]) / (coords[n - 1] - coords[n - 2]);
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const double hs = coords[i] - coords[i - 1];
    const double hd = coords[i + 1] - coords[i];
    g[i] = (hs * hs * values[i + 1] + (hd * hd - hs * hs) * values[i] - hd * hd * values[i - 1]) /
           (hs * hd * (hd + hs));
  }
  return g;
}

} // namespace lrscope::engine::detail
