#include "cli/text_escape.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/str_format.h"
#include "engine/utf8.h"

namespace asyncsim::cli {
namespace {

// Calls `ascii(char)` for each byte below 0x80, `valid(sequence)` for each
// valid UTF-8 sequence beyond, and `invalid()` for each other byte.
template <typename Ascii, typename Valid, typename Invalid>
void ForEachCharacter(std::string_view text, Ascii ascii, Valid valid,
                      Invalid invalid) {
  while (!text.empty()) {
    const Utf8Char c = DecodeUtf8Char(text);
    if (!c.valid) {
      invalid();
    } else if (c.length == 1) {
      ascii(text.front());
    } else {
      valid(text.substr(0, c.length));
    }
    text.remove_prefix(c.length);
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
