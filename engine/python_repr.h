// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: python_repr.h
// -----------------------------------------------------------------------------
//
// `PythonRepr(s)` is CPython 3.11's `repr(s)` for a `str` whose bytes `s`
// are, read as `sys.argv` reads them (UTF-8 with surrogateescape, utf8.h).
// It is the product code's one Python repr: what `f"{n, arg}"` prints for a
// string inside a tuple, what `int()`'s and argparse's errors quote
// (python_int.h, the scenario ports), and how the command line quotes a bad
// argument in a usage error (cli/app.cc).
//
// Guarantees, each as CPython's `unicode_repr`:
//   * single quotes, unless the text holds `'` and no `"`: then double;
//   * the backslash and the chosen quote are backslashed; `\t`, `\n`, `\r`
//     are written so;
//   * any other character that `str.isprintable()` calls non-printable
//     (general categories Cc, Cf, Cs, Co, Cn, Zl, Zp, and Zs except the
//     space) becomes `\xNN` below U+0100, `\uNNNN` below U+10000, else
//     `\UNNNNNNNN`, in lower-case hex. So a byte that is not valid UTF-8,
//     U+DCXY by surrogateescape, prints as `\udcxy`;
//   * printable characters, ASCII or not, are kept as they are (UTF-8).
// Printability comes from a table generated from CPython 3.11's Unicode
// database (Unicode 14.0.0) by tools/gen_printable_table.py.
//
// `PythonEscapeNonPrintable(s)` applies only the third rule and leaves the
// rest, quotes and backslashes too, as it is: for a message that mixes
// reprs with raw text (a usage error quoting CLI11's words), so that it
// shows as one line of printable characters. It leaves a repr unchanged.
//
// Example:
//
//   PythonRepr("it's");       // "it's"
//   PythonRepr("a\nb");       // 'a\nb'
//   PythonRepr("caf\xc3\xa9\xff");  // 'café\udcff'
//   PythonEscapeNonPrintable("x=\"a\nb\"");  // x="a\nb" (a backslash, n)

#ifndef ASYNCSIM_ENGINE_PYTHON_REPR_H_
#define ASYNCSIM_ENGINE_PYTHON_REPR_H_

#include <string>
#include <string_view>

namespace asyncsim {

// repr(text) for the str that `text` decodes to.
std::string PythonRepr(std::string_view text);

// `text` with its non-printable characters escaped as PythonRepr escapes
// them, and nothing else changed.
std::string PythonEscapeNonPrintable(std::string_view text);

// str.isprintable() for the one-character string chr(code_point).
bool IsPythonPrintable(char32_t code_point);

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_PYTHON_REPR_H_
