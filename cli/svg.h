// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: svg.h
// -----------------------------------------------------------------------------
//
// `RenderSvg` draws a `Recording` as an SVG picture (`asyncsim --svg
// FILE`): the timeline of timeline.h, for a README or a browser.
//
//   * A title, and virtual time across under an axis with round tick
//     labels in seconds, "time (s)" before them and the end of the run
//     labelled in bold.
//   * A "stdout" row with a dot per instant at which lines were printed,
//     its area growing with their number, then one row per task in
//     creation order, labelled with its name: coloured bars for its waits
//     (sleep, queue, another task or gather, anything else), a dark tick at
//     each instant it ran, and a mark where it ended (finished, cancelled,
//     failed).
//   * An arrow for each item got from a queue (`Recording::flows`), from
//     the putter's row at the put to the getter's row at the get, thin and
//     translucent over the bars (so that it can be followed across the
//     rows between), its tooltip "item 3 of the queue: put by Producer 0 at
//     4.000 s, got by Consumer 1 at 4.000 s". Items put or got outside the
//     rows shown have none; past `max_flows` the rest are left out and the
//     legend says so; past a few dozen the arrows are fainter.
//   * A run that did not end by itself (`Recording::ending`: a deadlock, an
//     interruption, a limit) has a dashed red line at its end, saying how.
//   * A legend under the rows, of the colours and marks the picture uses.
//   * Hovering shows details (SVG <title>): what a bar waited on and from
//     when to when, a printed line's text.
//   * More than `max_rows` tasks: the first `max_rows` rows, then a line
//     "... N more tasks".
//
// The document is well-formed XML: every text (names, printed lines with
// their quotes, ANSI escapes, any bytes) goes through XmlEscape. For
// scripts (the --html page), the <svg> element carries its geometry:
// data-x0 and data-x1, the x of time 0 and of the end; data-end, the end in
// seconds; data-top and data-bottom, the y span of the rows. Each task's
// <g class="task"> carries data-task, its index in Recording::tasks; each
// arrow (<path class="flow"> in <g class="flows">) carries data-queue,
// data-item, data-putter and data-getter, as in its `Flow`.
//
// Example:
//
//   std::ofstream("run.svg") << RenderSvg(recording, {.title = "asyncq"});

#ifndef ASYNCSIM_CLI_SVG_H_
#define ASYNCSIM_CLI_SVG_H_

#include <string>

#include "cli/recorder.h"

namespace asyncsim::cli {

struct SvgOptions {
  // Shown at the top: the command that ran.
  std::string title = "asyncsim";
  // The picture's width in pixels.
  int width = 960;
  // Task rows shown at most.
  int max_rows = 200;
  // Arrows from a queue item's put to its get drawn at most (the first
  // items got); the legend says how many of how many.
  int max_flows = 200;
};

// The whole file, ending in '\n'.
std::string RenderSvg(const Recording& recording,
                      const SvgOptions& options = {});

}  // namespace asyncsim::cli

#endif  // ASYNCSIM_CLI_SVG_H_
