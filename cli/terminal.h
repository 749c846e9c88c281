// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: terminal.h
// -----------------------------------------------------------------------------
//
// The width to draw text pictures for, as Python's
// `shutil.get_terminal_size` finds it: the `COLUMNS` environment variable if
// it holds a positive number, else the width of the terminal on `fd`
// (ioctl TIOCGWINSZ), else 80 (not a terminal); at most 1000, so that a
// huge COLUMNS cannot make a picture of unbounded size.
//
// Example:
//
//   int width = TerminalWidth(STDERR_FILENO);

#ifndef ASYNCSIM_CLI_TERMINAL_H_
#define ASYNCSIM_CLI_TERMINAL_H_

namespace asyncsim::cli {

inline constexpr int kDefaultTerminalWidth = 80;
inline constexpr int kMaxTerminalWidth = 1000;

int TerminalWidth(int fd);

}  // namespace asyncsim::cli

#endif  // ASYNCSIM_CLI_TERMINAL_H_
