#include "lrscope/engine/message_text.h"

#include "lrscope/engine/input_error.h"

#include <algorithm>
#include <cstdio>

namespace lrscope::engine {
namespace {

void appendByteEscape(std::string& out, char c) {
  char escaped[5];
  std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned char>(c));
  out += escaped;
}

/// Appends c, an ASCII character, or its escape when it is a control character.
void appendPrintable(std::string& out, char c) {
  const auto byte = static_cast<unsigned char>(c);
  switch (c) {
  case '\n':
    out += "\\n";
    return;
  case '\r':
    out += "\\r";
    return;
  case '\t':
    out += "\\t";
    return;
  case '\x1b':
    out += "\\e";
    return;
  default:
    break;
  }
  if (byte < 0x20 || byte == 0x7f) {
    appendByteEscape(out, c);
    return;
  }
  out += c;
}

bool isUtf8Continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xc0) == 0x80;
}

/// The length of the well-formed UTF-8 character at text[i], 0 when the bytes there are not one
/// (a stray continuation byte, an overlong form, a surrogate, beyond U+10FFFF, cut short).
std::size_t utf8CharLength(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80)
    return 1;
  std::size_t length = 0;
  unsigned char low = 0x80; // the allowed range of the second byte
  unsigned char high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    low = lead == 0xe0 ? 0xa0 : 0x80;
    high = lead == 0xed ? 0x9f : 0xbf;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    low = lead == 0xf0 ? 0x90 : 0x80;
    high = lead == 0xf4 ? 0x8f : 0xbf;
  } else {
    return 0;
  }
  if (i + length > text.size() || byte(i + 1) < low || byte(i + 1) > high)
    return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (!isUtf8Continuation(text[i + k]))
      return 0;
  return length;
}

} // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8CharLength(text, i);
    if (length == 1)
      appendPrintable(out, text[i]);
    else if (length > 1)
      out.append(text.substr(i, length));
    else
      appendByteEscape(out, text[i]);
    i += std::max<std::size_t>(length, 1);
  }
  return out;
}

std::string excerpt(std::string_view text, std::size_t maxChars) {
  if (text.size() <= maxChars)
    return printable(text);
  std::size_t cut = maxChars;
  while (cut > 0 && isUtf8Continuation(text[cut]))
    --cut;
  return printable(text.substr(0, cut)) + "... (" + std::to_string(text.size() - cut) +
         " more bytes)";
}

std::string quotedExcerpt(std::string_view text, std::size_t maxChars) {
  return "\"" + excerpt(text, maxChars) + "\"";
}

bool isValidUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8CharLength(text, i);
    if (length == 0)
      return false;
    i += length;
  }
  return true;
}

std::string utf8Escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8CharLength(text, i);
    if (length > 0)
      out.append(text.substr(i, length));
    else
      appendByteEscape(out, text[i]);
    i += std::max<std::size_t>(length, 1);
  }
  return out;
}

void requireUtf8(std::string_view text, const std::string& what) {
  if (!isValidUtf8(text))
    throw InputError(what + " " + quotedExcerpt(utf8Escaped(text)) +
                     " is not valid UTF-8, which LR Scope needs to store it; rename it (or link "
                     "it under a UTF-8 name)");
}

std::string commaList(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names)
    text += (text.empty() ? "" : ", ") + name;
  return text;
}

std::string classListText(const std::vector<std::string>& classNames) {
  if (classNames.empty())
    return {};
  std::string text =
      std::to_string(classNames.size()) + (classNames.size() == 1 ? " class: " : " classes: ");
  const std::size_t shown = std::min(classNames.size(), kShownClassNames);
  for (std::size_t i = 0; i < shown; ++i)
    text += (i == 0 ? "" : ", ") + excerpt(classNames[i], 40);
  if (shown < classNames.size())
    text += ", and " + std::to_string(classNames.size() - shown) + " more";
  return text;
}

} // namespace lrscope::engine
