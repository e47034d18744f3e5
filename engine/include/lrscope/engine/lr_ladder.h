#pragma once

#include <string>
#include <vector>

namespace lrscope::engine {

enum class LadderMode { Exponential, Linear };

[[nodiscard]] std::string toString(LadderMode mode);
/// Parses "exp" / "exponential" / "linear"; throws InputError otherwise.
[[nodiscard]] LadderMode parseLadderMode(const std::string& text);

/// The learning rates of a range test: N values from start to end, both endpoints reached
/// exactly. Exponential: start * (end/start)^(i/(N-1)); linear: start + (end-start) * i/(N-1).
class LrLadder {
public:
  /// Throws InputError when start <= 0, end <= start, or steps < 2.
  LrLadder(double start, double end, int steps, LadderMode mode);

  [[nodiscard]] double at(int step) const;
  [[nodiscard]] int steps() const { return m_steps; }
  [[nodiscard]] std::vector<double> values() const;

private:
  double m_start;
  double m_end;
  int m_steps;
  LadderMode m_mode;
};

} // namespace lrscope::engine
