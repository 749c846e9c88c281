#include "cli/text_escape.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/str_format.h"

namespace asyncsim::cli {
namespace {

// The length of the valid UTF-8 sequence of 2 to 4 bytes at the start of
// `text` (whose first byte is >= 0x80), or 0 if there is none.
size_t Utf8SequenceLength(std::string_view text) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t b0 = byte(0);
  size_t length;
  uint32_t code;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
    code = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    code = b0 & 0x0F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    code = b0 & 0x07;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i) & 0x3F);
  }
  // Overlong forms, UTF-16 surrogates, beyond U+10FFFF.
  if ((length == 3 && code < 0x800) || (length == 4 && code < 0x10000) ||
      (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
    return 0;
  }
  return length;
}

// Calls `ascii(char)` for each byte below 0x80, `valid(sequence)` for each
// valid UTF-8 sequence beyond, and `invalid()` for each other byte.
template <typename Ascii, typename Valid, typename Invalid>
void ForEachCharacter(std::string_view text, Ascii ascii, Valid valid,
                      Invalid invalid) {
  size_t i = 0;
  while (i < text.size()) {
    if (static_cast<uint8_t>(text[i]) < 0x80) {
      ascii(text[i]);
      ++i;
      continue;
    }
    const size_t length = Utf8SequenceLength(text.substr(i));
    if (length == 0) {
      invalid();
      ++i;
    } else {
      valid(text.substr(i, length));
      i += length;
    }
  }
}

}  // namespace

std::string JsonEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  ForEachCharacter(
      text,
      [&](char c) {
        const auto u = static_cast<uint8_t>(c);
        if (c == '"' || c == '\\') {
          out.push_back('\\');
          out.push_back(c);
        } else if (u < 0x20 || u == 0x7F) {
          absl::StrAppendFormat(&out, "\\u%04x", u);
        } else {
          out.push_back(c);
        }
      },
      [&](std::string_view sequence) { out.append(sequence); },
      [&] { out.append("\\ufffd"); });
  return out;
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  ForEachCharacter(
      text,
      [&](char c) {
        const auto u = static_cast<uint8_t>(c);
        switch (c) {
          case '&':
            out.append("&amp;");
            return;
          case '<':
            out.append("&lt;");
            return;
          case '>':
            out.append("&gt;");
            return;
          case '"':
            out.append("&quot;");
            return;
          case '\'':
            out.append("&apos;");
            return;
          case '\t':
            out.append("\\t");
            return;
          case '\n':
            out.append("\\n");
            return;
          default:
            break;
        }
        if (u < 0x20 || u == 0x7F) {
          absl::StrAppendFormat(&out, "\\x%02x", u);
        } else {
          out.push_back(c);
        }
      },
      [&](std::string_view sequence) {
        // U+FFFE and U+FFFF are not XML characters either.
        if (sequence == "\xEF\xBF\xBE" || sequence == "\xEF\xBF\xBF") {
          out.append("\xEF\xBF\xBD");
        } else {
          out.append(sequence);
        }
      },
      [&] { out.append("\xEF\xBF\xBD"); });
  return out;
}

}  // namespace asyncsim::cli
