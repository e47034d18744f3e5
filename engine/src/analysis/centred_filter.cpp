#include "centred_filter.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <numeric>

namespace lrscope::engine::detail {
namespace {

/// The window of point i of n: its first index and one past its last.
struct Window {
  std::size_t first = 0;
  std::size_t end = 0;
  [[nodiscard]] std::size_t size() const { return end - first; }
};

Window windowOf(std::size_t i, std::size_t n, std::size_t h) {
  const std::size_t r = std::min({h, i, n - 1 - i});
  return {i - r, i + r + 1};
}

/// Counts of points by rank (a Fenwick tree): add, remove and "the rank of the k-th smallest
/// counted point" in O(log n).
class RankCounter {
public:
  explicit RankCounter(std::size_t ranks) : m_tree(ranks + 1, 0) {
    while (m_top * 2 <= ranks)
      m_top *= 2;
  }

  void add(std::size_t rank, long delta) {
    for (std::size_t k = rank + 1; k < m_tree.size(); k += k & (~k + 1))
      m_tree[k] += delta;
  }

  /// The rank of the counted point with k counted points below it (k = 0: the smallest).
  [[nodiscard]] std::size_t kth(std::size_t k) const {
    std::size_t position = 0; // the answer's tree index, less one, is built bit by bit
    auto remaining = static_cast<long>(k);
    for (std::size_t step = m_top; step > 0; step /= 2) {
      if (position + step < m_tree.size() && m_tree[position + step] <= remaining) {
        position += step;
        remaining -= m_tree[position];
      }
    }
    return position;
  }

private:
  std::vector<long> m_tree; ///< 1-based
  std::size_t m_top = 1;    ///< the largest power of two <= the number of ranks
};

/// An exact running sum of doubles: Shewchuk's non-overlapping partials, as Python's math.fsum
/// keeps them. add() never rounds (as long as nothing overflows), so removing a value is adding
/// its negation and nothing drifts however long the sum runs.
class ExactSum {
public:
  void add(double x) {
    std::size_t kept = 0;
    for (std::size_t j = 0; j < m_partials.size(); ++j) {
      double y = m_partials[j];
      if (std::abs(x) < std::abs(y))
        std::swap(x, y);
      const double hi = x + y;
      const double lo = y - (hi - x);
      if (lo != 0.0)
        m_partials[kept++] = lo;
      x = hi;
    }
    m_partials.resize(kept);
    if (x != 0.0)
      m_partials.push_back(x);
  }

  void remove(double x) { add(-x); }

  /// The exact sum rounded to the nearest double (ties to even), as math.fsum rounds it.
  [[nodiscard]] double value() const {
    std::size_t n = m_partials.size();
    if (n == 0)
      return 0.0;
    double hi = m_partials[--n];
    double lo = 0.0;
    while (n > 0) {
      const double x = hi;
      const double y = m_partials[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo != 0.0)
        break;
    }
    // Half-way cases: the partials below decide which way the tie goes.
    if (n > 0 && ((lo < 0.0 && m_partials[n - 1] < 0.0) || (lo > 0.0 && m_partials[n - 1] > 0.0))) {
      const double y = lo * 2.0;
      const double x = hi + y;
      if (y == x - hi)
        hi = x;
    }
    return hi;
  }

private:
  std::vector<double> m_partials; ///< increasing magnitude, non-overlapping
};

} // namespace

std::vector<double> centredMedian(const std::vector<double>& values, std::size_t h) {
  const std::size_t n = values.size();
  // Every point's rank in the values sorted by (value, index): the window's median is the
  // middle one of its points' ranks.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&values](std::size_t a, std::size_t b) {
    return values[a] < values[b] || (values[a] == values[b] && a < b);
  });
  std::vector<std::size_t> rank(n);
  for (std::size_t k = 0; k < n; ++k)
    rank[order[k]] = k;

  RankCounter counted(n);
  Window window;
  std::vector<double> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Window next = windowOf(i, n, h);
    for (; window.end < next.end; ++window.end)
      counted.add(rank[window.end], 1);
    for (; window.first < next.first; ++window.first)
      counted.add(rank[window.first], -1);
    out[i] = values[order[counted.kth(window.size() / 2)]];
  }
  return out;
}

std::vector<double> centredMean(const std::vector<double>& values, std::size_t h) {
  const std::size_t n = values.size();
  // An overflowing partial would turn every later sum into NaN. The partials stay finite while
  // a window's sum of magnitudes is well below the largest double; values too large for that are
  // summed scaled down by a power of two (exact but for values below 2^-1000 or so, far too small
  // to change such a sum), and a mean whose sum passes the largest double is inf on its own.
  double largest = 0.0;
  for (const double v : values)
    largest = std::max(largest, std::abs(v));
  const double headroom =
      std::numeric_limits<double>::max() / (4.0 * static_cast<double>(2 * h + 1));
  const int scale = largest < headroom ? 0 : std::ilogb(largest / headroom) + 1;

  ExactSum sum;
  Window window;
  std::vector<double> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Window next = windowOf(i, n, h);
    for (; window.end < next.end; ++window.end)
      sum.add(std::ldexp(values[window.end], -scale));
    for (; window.first < next.first; ++window.first)
      sum.remove(std::ldexp(values[window.first], -scale));
    out[i] = std::ldexp(sum.value(), scale) / static_cast<double>(window.size());
  }
  return out;
}

} // namespace lrscope::engine::detail
