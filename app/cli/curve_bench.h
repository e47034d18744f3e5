#pragma once

namespace lrscope::cli {

/// `lrscope bench --curves`: every suggestion rule and the range rule on synthetic range-test
/// curves of 10^4, 10^5 and 10^6 points (raw losses that fall, stay low and blow up, with
/// noise; their EMA as the curve's losses), each rule timed alone and all of them together,
/// the median of `repeats` rounds. Target: all rules together under 5 s at 10^6 points.
/// Prints a table, or JSON.
void runCurveBench(int repeats, bool json);

} // namespace lrscope::cli
