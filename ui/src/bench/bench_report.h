#pragma once

#include "bench/bench_figure.h"

#include <string>
#include <vector>

namespace lrscope::ui {

/// What the benchmark ran on, printed above the tables.
struct BenchContext {
  QString platform; ///< the Qt platform plugin, e.g. "offscreen"
  std::string folder;
  std::string fileSystem;
  double seconds = 0.0; ///< the whole benchmark
};

/// The tables of `lrscope --ui-bench`: each section's setup, then one row per figure with the
/// target and PASS or MISS where there is one.
[[nodiscard]] std::string benchTables(const BenchContext& context,
                                      const std::vector<BenchSection>& sections);
/// The same as JSON: {"platform": ..., "<section>": {"<figure>": {"value", "unit", "target",
/// "pass"}, ..., "seconds"}, ..., "seconds"}.
[[nodiscard]] std::string benchJson(const BenchContext& context,
                                    const std::vector<BenchSection>& sections);

} // namespace lrscope::ui
