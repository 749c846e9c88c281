// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: timeline.h
// -----------------------------------------------------------------------------
//
// `RenderTimeline` draws a `Recording` as a text Gantt chart (what
// `asyncsim --timeline` prints on stderr): virtual time runs across, under a
// numbered axis; one row per task, in creation order, labelled with its
// name; above them a row counting the lines printed.
//
//   timeline: 0 to 11.000 s of virtual time, 1 column = 0.2 s
//   time (s)  0         2         4         6         8         10
//             +---------+---------+---------+---------+---------+-----
//   stdout    5                   6                   2              3
//   Task-1    *------------------------------------------------------|
//   chain(1)  *===================*==================================|
//   chain(2)  *===================*===================|
//   chain(3)  *===================|
//
// A step takes no virtual time, so a task's running shows as instants. Each
// column covers a slice of time and shows, by priority: how the task ended
// (if it ended in the slice), that it ran (an instant in the slice), else
// what it was waiting on at the slice's start:
//
//   *  ran                     =  sleeping
//   ~  on a queue (get, put, join)
//   -  on another task or a gather (or wait_for)
//   :  on an event, lock, semaphore, condition or future
//   |  finished    x  cancelled    !  failed
//
// The legend is printed under the chart. Guarantees:
//   * No line is wider than `width` - 1 columns (the last column is left
//     free so terminals do not wrap), as long as `width` leaves room for a
//     label and a few columns (at least 40).
//   * A recording with more than `max_rows` tasks shows the first
//     `max_rows` and a line "... N more tasks".
//   * Labels are cut to fit, and control characters in names are shown as
//     '?', so that names never garble the picture.
//
// Example:
//
//   std::cerr << RenderTimeline(recording, {.width = TerminalWidth(2)});

#ifndef ASYNCSIM_CLI_TIMELINE_H_
#define ASYNCSIM_CLI_TIMELINE_H_

#include <string>

#include "cli/recorder.h"

namespace asyncsim::cli {

struct TimelineOptions {
  // The terminal's columns.
  int width = 80;
  // Task rows shown at most.
  int max_rows = 40;
};

// The chart, legend included; every line ends with '\n'.
std::string RenderTimeline(const Recording& recording,
                           const TimelineOptions& options = {});

// The mark for a wait, as in the legend: '=', '~', '-' or ':'.
char WaitMark(WaitCategory category);

}  // namespace asyncsim::cli

#endif  // ASYNCSIM_CLI_TIMELINE_H_
