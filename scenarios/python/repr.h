// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: repr.h
// -----------------------------------------------------------------------------
//
// `Repr(s)` is Python's `repr(s)` for a `str`: what `f"{n, arg}"` prints for
// the string inside a tuple, and what error messages quote.
//
// Python's quoting rules:
//   * single quotes, unless the string contains `'` and no `"`: then double
//     quotes;
//   * the backslash and the chosen quote are escaped; `\t`, `\n`, `\r` are
//     written so; other non-printable characters become `\xNN`, `\uNNNN` or
//     `\UNNNNNNNN`;
//   * printable non-ASCII characters are kept as they are (UTF-8).
//
// The text is read as UTF-8, the way Python decodes `sys.argv`: a byte that
// is not part of valid UTF-8 stands for the lone surrogate U+DC80..U+DCFF
// (`surrogateescape`) and prints as `\udcNN`.
//
// Limitation: printability of non-ASCII characters follows a small table
// (C0/C1 controls, spaces and separators, format characters, surrogates,
// private use, noncharacters), not the whole Unicode database; an unassigned
// code point is printed as is where CPython would escape it.
//
// Example:
//
//   Repr("result3-1");  // 'result3-1'
//   Repr("it's");       // "it's"
//   Repr("a\nb");       // 'a\nb'

#ifndef ASYNCSIM_SCENARIOS_PYTHON_REPR_H_
#define ASYNCSIM_SCENARIOS_PYTHON_REPR_H_

#include <string>
#include <string_view>

namespace asyncsim::python {

std::string Repr(std::string_view text);

}  // namespace asyncsim::python

#endif  // ASYNCSIM_SCENARIOS_PYTHON_REPR_H_
