// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: text_escape.h
// -----------------------------------------------------------------------------
//
// Escaping a program's text (printed lines, task names) for the files
// asyncsim writes. The text may hold anything a program prints: quotes,
// backslashes, ANSI colour escapes (rand), even bytes that are not UTF-8.
//
//   * `JsonEscape`: the inside of a JSON string literal. `"` and `\` are
//     backslashed, control characters (U+0000-U+001F, U+007F) become
//     `\u00XX`; valid UTF-8 passes through; a byte that is not part of
//     valid UTF-8 (as engine/utf8.h, the repr's decoder, reads it) becomes
//     `\ufffd`.
//   * `XmlEscape`: text for XML content or an attribute value. `& < > " '`
//     become entities; control characters, which XML 1.0 cannot hold even
//     as character references, are shown as text (`\x1b`, tab and newline
//     as `\t`, `\n`); invalid UTF-8 becomes U+FFFD.
//
// Example:
//
//   JsonEscape("\x1b[36mOne \"1\"");  // \u001b[36mOne \"1\"
//   XmlEscape("\x1b[36m<One>");       // \x1b[36m&lt;One&gt;

#ifndef ASYNCSIM_CLI_TEXT_ESCAPE_H_
#define ASYNCSIM_CLI_TEXT_ESCAPE_H_

#include <string>
#include <string_view>

namespace asyncsim::cli {

std::string JsonEscape(std::string_view text);

std::string XmlEscape(std::string_view text);

}  // namespace asyncsim::cli

#endif  // ASYNCSIM_CLI_TEXT_ESCAPE_H_
