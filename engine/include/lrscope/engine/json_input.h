#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace lrscope::engine {

/// The deepest nesting a JSON input may have. LR Scope's own files nest 4 levels, other
/// tools' curve files 2; the limit keeps a hostile file from exhausting the stack of anything
/// that walks the value recursively (printing it, for one).
inline constexpr int kMaxJsonDepth = 64;

/// Parses JSON read from `source` (a file name, or "the config" for text typed in the app).
/// Throws InputError, one line: "SOURCE: not valid JSON: <what and where, with line and
/// column>", or "SOURCE: JSON nested deeper than 64 levels", refused as the parser reaches
/// that depth.
[[nodiscard]] nlohmann::json parseJsonInput(std::string_view text, const std::string& source);

/// `value` as JSON text, cut as excerpt() cuts, for a message; never throws (bytes that are not
/// UTF-8 are written as U+FFFD).
[[nodiscard]] std::string jsonExcerpt(const nlohmann::json& value);

/// The JSON of a whole file, as parseJsonInput; throws InputError when it cannot be read.
[[nodiscard]] nlohmann::json readJsonInputFile(const std::string& file);

} // namespace lrscope::engine
