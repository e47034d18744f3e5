#include "lrscope/engine/lr_events.h"
#include "lrscope/engine/atomic_file.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/lr_limits.h"
#include "lrscope/engine/number_text.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>

namespace lrscope::engine {
namespace {

constexpr std::size_t kMaxQuoted = 60;

/// `text` in quotes for a message, cut short when long.
std::string quoted(std::string_view text) {
  if (text.size() > kMaxQuoted)
    return "\"" + std::string(text.substr(0, kMaxQuoted)) + "...\"";
  return "\"" + std::string(text) + "\"";
}

bool isBlank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

std::vector<std::string_view> splitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t pos = 0;
  while (pos < line.size()) {
    while (pos < line.size() && isBlank(line[pos]))
      ++pos;
    const std::size_t start = pos;
    while (pos < line.size() && !isBlank(line[pos]))
      ++pos;
    if (pos > start)
      fields.push_back(line.substr(start, pos - start));
  }
  return fields;
}

std::string_view withoutComment(std::string_view line) {
  const std::size_t hash = line.find('#');
  return hash == std::string_view::npos ? line : line.substr(0, hash);
}

/// Parses one line's fields into a change; throws InputError with `where` ("FILE:LINE: ").
LrChange parseChange(const std::vector<std::string_view>& fields, std::string_view line,
                     const std::string& where) {
  if (fields.size() != 3)
    throw InputError(where + "expected \"STEP set LR\" or \"STEP scale FACTOR\", got " +
                     quoted(line));
  LrChange change;
  const std::string_view stepText = fields[0];
  const auto [stepEnd, stepError] =
      std::from_chars(stepText.data(), stepText.data() + stepText.size(), change.step);
  if (stepError != std::errc() || stepEnd != stepText.data() + stepText.size() || change.step < 0)
    throw InputError(where + "the step " + quoted(stepText) + " is not a whole number from 0 to " +
                     std::to_string(std::numeric_limits<int>::max()));

  const std::string_view verb = fields[1];
  if (verb == "set")
    change.kind = LrChange::Kind::Set;
  else if (verb == "scale")
    change.kind = LrChange::Kind::Scale;
  else
    throw InputError(where + "unknown change " + quoted(verb) + " (use set or scale)");

  const char* what = change.kind == LrChange::Kind::Set ? "the LR " : "the factor ";
  const std::string_view valueText = fields[2];
  const auto [valueEnd, valueError] =
      std::from_chars(valueText.data(), valueText.data() + valueText.size(), change.value);
  if (valueEnd != valueText.data() + valueText.size() ||
      (valueError != std::errc() && valueError != std::errc::result_out_of_range))
    throw InputError(where + what + quoted(valueText) + " is not a number");
  if (valueError == std::errc::result_out_of_range)
    throw InputError(where + what + quoted(valueText) + " is out of the range of a double");
  if (!(change.value > 0.0 && std::isfinite(change.value)))
    throw InputError(where + what + "must be positive and finite, got " + numberText(change.value));
  if (change.kind == LrChange::Kind::Set)
    requireUsableLr(where + "the LR", change.value);
  return change;
}

} // namespace

std::vector<LrChange> readLrEvents(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::error_code ec;
  if (!std::filesystem::exists(file, ec))
    throw InputError(name + ": cannot read the file: not found");
  if (std::filesystem::is_directory(file, ec))
    throw InputError(name + ": cannot read the file: it is a folder");
  rememberInputFile(file);
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw InputError(name + ": cannot read the file; check its permissions");

  std::vector<LrChange> changes;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string where = name + ":" + std::to_string(number) + ": ";
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0)
      line.erase(0, 3); // UTF-8 byte order mark
    const std::string_view content = withoutComment(line);
    const std::vector<std::string_view> fields = splitFields(content);
    if (fields.empty())
      continue;
    std::string_view shown = content;
    while (!shown.empty() && isBlank(shown.back()))
      shown.remove_suffix(1);
    const LrChange change = parseChange(fields, shown, where);
    if (!changes.empty() && change.step < changes.back().step)
      throw InputError(where + "step " + std::to_string(change.step) +
                       " comes before the previous change's step " +
                       std::to_string(changes.back().step) + "; steps must not decrease");
    changes.push_back(change);
  }
  if (in.bad())
    throw InputError(name + ": cannot read the file: a read error after " +
                     std::to_string(changes.size()) + " changes");
  return changes;
}

double LrAdjustment::apply(const LrChange& change, double scheduleLrAtStep) {
  const bool set = change.kind == LrChange::Kind::Set;
  if (!(change.value > 0.0 && std::isfinite(change.value)))
    throw InputError("step " + std::to_string(change.step) + ": " +
                     (set ? "the LR" : "the factor") + " must be positive and finite, got " +
                     numberText(change.value));
  if (!set) {
    m_multiplier *= change.value;
    return m_multiplier;
  }
  if (!(scheduleLrAtStep > 0.0 && std::isfinite(scheduleLrAtStep)))
    throw InputError("step " + std::to_string(change.step) + ": cannot set the LR to " +
                     numberText(change.value) + ": the schedule's LR there is " +
                     numberText(scheduleLrAtStep) + ", and a set keeps a ratio to it");
  m_multiplier = change.value / scheduleLrAtStep;
  return m_multiplier;
}

} // namespace lrscope::engine
