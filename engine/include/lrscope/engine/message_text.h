#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

// Text from files and flags in messages and on the terminal: one line, bounded, and never a
// control sequence the terminal would act on.
namespace lrscope::engine {

/// How much of an input value a message quotes.
inline constexpr std::size_t kExcerptChars = 80;
/// The most any one error line holds.
inline constexpr std::size_t kMessageChars = 400;

/// `text` with control characters written as escapes (\n, \r, \t, \e, \xNN), and bytes that
/// are not well-formed UTF-8 as \xNN, whole: names read from files, printed to a terminal.
[[nodiscard]] std::string printable(std::string_view text);

/// printable(text), cut after about maxChars characters (never inside a UTF-8 character) with
/// "... (N more bytes)": an input value quoted in a message.
[[nodiscard]] std::string excerpt(std::string_view text, std::size_t maxChars = kExcerptChars);

/// excerpt(text) in double quotes.
[[nodiscard]] std::string quotedExcerpt(std::string_view text,
                                        std::size_t maxChars = kExcerptChars);

/// "a, b, c": names in a message.
[[nodiscard]] std::string commaList(const std::vector<std::string>& names);

/// How many class names classListText shows before "and N more".
inline constexpr std::size_t kShownClassNames = 12;

/// "10 classes: T-shirt/top, Trouser, ..., Ankle boot": a data set's classes in one line, each
/// name excerpt()ed, the first kShownClassNames of them and then "and N more"; "" for none (a
/// regression's data).
[[nodiscard]] std::string classListText(const std::vector<std::string>& classNames);

/// Whether `text` is well-formed UTF-8 (what JSON, and so LR Scope's stored configs, can hold).
[[nodiscard]] bool isValidUtf8(std::string_view text);

/// `text` with every byte that is not part of well-formed UTF-8 written as "\xNN": a name from
/// the file system (which may hold any bytes) for JSON and display, readable and unambiguous
/// for any name without a backslash.
[[nodiscard]] std::string utf8Escaped(std::string_view text);

/// Throws InputError "<what> <escaped text> is not valid UTF-8; ..." unless it is: for names
/// LR Scope stores and reads back (data set paths, model files), which cannot be escaped.
void requireUtf8(std::string_view text, const std::string& what);

} // namespace lrscope::engine
