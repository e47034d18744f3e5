#include "lrscope/engine/json_input.h"
#include "lrscope/engine/atomic_file.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/message_text.h"

#include <fstream>
#include <sstream>

namespace lrscope::engine {
namespace {

using nlohmann::json;

/// Thrown from the parser's callback when the input nests too deep; caught below.
struct TooDeep {};

/// nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 9: ..." without
/// the bracketed id, as one bounded line.
std::string parserMessage(const json::exception& error) {
  std::string_view message = error.what();
  const std::size_t close = message.find("] ");
  if (!message.empty() && message.front() == '[' && close != std::string_view::npos)
    message.remove_prefix(close + 2);
  return excerpt(message, kMessageChars / 2);
}

} // namespace

json parseJsonInput(std::string_view text, const std::string& source) {
  const json::parser_callback_t refuseDeepNesting = [](int depth, json::parse_event_t event,
                                                       json&) {
    if (depth >= kMaxJsonDepth &&
        (event == json::parse_event_t::object_start || event == json::parse_event_t::array_start))
      throw TooDeep{};
    return true;
  };
  try {
    return json::parse(text, refuseDeepNesting);
  } catch (const TooDeep&) {
    throw InputError(source + ": JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
                     " levels; LR Scope reads no file that deep");
  } catch (const json::parse_error& error) {
    throw InputError(source + ": not valid JSON: " + parserMessage(error));
  } catch (const json::exception& error) {
    // Valid JSON that cannot be held, such as a number beyond a double.
    throw InputError(source + ": cannot read the JSON: " + parserMessage(error));
  }
}

std::string jsonExcerpt(const json& value) {
  return excerpt(value.dump(-1, ' ', false, json::error_handler_t::replace));
}

json readJsonInputFile(const std::string& file) {
  rememberInputFile(file);
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw InputError(file + ": cannot open the file for reading; check that it exists and its "
                            "permissions");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    throw InputError(file + ": cannot read the file");
  return parseJsonInput(text.str(), file);
}

} // namespace lrscope::engine
