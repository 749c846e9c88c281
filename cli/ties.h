// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: ties.h
// -----------------------------------------------------------------------------
//
// `RenderTies` is the `asyncsim --ties` report, a teaching note for stderr:
// the instants where the timers of two or more tasks' sleeps fired
// together (see recorder.h). The replay wakes such tasks in the order
// their sleeps were set (rule 2 of the ideal clock); in real CPython each
// deadline carries the microseconds of drift its task had gathered, so the
// order there may differ, and so may the output after it.
//
//   ties: tasks woke together at 1 instant. The replay wakes them in the
//   order their sleeps began; real CPython orders them by microseconds of
//   drift, so its output may differ from there on:
//     t=4.000: Producer 0, Consumer 0, Consumer 2, Consumer 3 woke together;
//       CPython may order them differently
//
// A task woken at the same instant because another woke (a queue item, a
// finished task) is caused by it, not tied with it, and is not listed.
//
// Example:
//
//   std::cerr << RenderTies(recording, TerminalWidth(STDERR_FILENO));

#ifndef ASYNCSIM_CLI_TIES_H_
#define ASYNCSIM_CLI_TIES_H_

#include <string>

#include "cli/recorder.h"

namespace asyncsim::cli {

// The report, wrapped to `width` - 1 columns (at least 40, names whole);
// every line ends with '\n'.
std::string RenderTies(const Recording& recording, int width = 80);

}  // namespace asyncsim::cli

#endif  // ASYNCSIM_CLI_TIES_H_
