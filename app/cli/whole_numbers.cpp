#include "cli/whole_numbers.h"

#include "lrscope/engine/message_text.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>

namespace lrscope::cli {
namespace {

template <typename Int> bool fitsIn(const std::string& text) {
  Int value = 0;
  const char* end = text.data() + text.size();
  const auto [last, error] = std::from_chars(text.data(), end, value);
  return error == std::errc() && last == end;
}

/// "" when text is a whole number in decimal digits within the option's range, with its
/// leading zeros dropped (CLI11 would read "010" as octal); what is wrong with it otherwise.
/// Signed options take 32-bit numbers, even those stored in 64 bits (run ids, widths): no
/// count or id LR Scope takes comes near 2^31. Unsigned ones (the seed) take 64-bit numbers.
std::string wholeNumberProblem(std::string& text, bool isUnsigned) {
  const bool negative = !text.empty() && text.front() == '-';
  const std::size_t firstDigit = negative ? 1 : 0;
  const bool digitsOnly = text.size() > firstDigit &&
                          text.find_first_not_of("0123456789", firstDigit) == std::string::npos;
  if (!digitsOnly)
    return engine::quotedExcerpt(text) + " is not a whole number written in decimal digits";
  if (negative && isUnsigned)
    return engine::quotedExcerpt(text) + " is negative; this option takes a number >= 0";
  const std::string written = text;
  const std::size_t significant =
      std::min(text.find_first_not_of('0', firstDigit), text.size() - 1);
  text.erase(firstDigit, significant - firstDigit);
  if (isUnsigned ? !fitsIn<uint64_t>(text) : !fitsIn<int32_t>(text))
    return engine::quotedExcerpt(written) + " is out of range (" +
           (isUnsigned ? "at most " + std::to_string(std::numeric_limits<uint64_t>::max())
                       : "from " + std::to_string(std::numeric_limits<int32_t>::min()) + " to " +
                             std::to_string(std::numeric_limits<int32_t>::max())) +
           ")";
  return {};
}

void requireInOptions(CLI::App& app) {
  for (CLI::Option* option : app.get_options()) {
    const std::string type = option->get_type_name();
    if (type != "INT" && type != "UINT")
      continue;
    const bool isUnsigned = type == "UINT";
    option->transform(CLI::Validator(
        [isUnsigned](std::string& text) { return wholeNumberProblem(text, isUnsigned); }, "",
        "decimal whole number"));
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    requireInOptions(*sub);
}

} // namespace

void requireDecimalWholeNumbers(CLI::App& app) {
  requireInOptions(app);
}

} // namespace lrscope::cli
