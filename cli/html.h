// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: html.h
// -----------------------------------------------------------------------------
//
// `RenderHtml` makes a teacher's page of a run (`asyncsim --html FILE`): one
// self-contained HTML file, no network, with the program's output and its
// timeline side by side.
//
//   * Left, what the program printed, a line each with its virtual time and
//     the task that printed it; right, the SVG timeline of svg.h.
//   * A slider scrubs virtual time: a cursor moves across the timeline and
//     the lines not yet printed at that time fade; "play" sweeps it.
//   * Hovering a line highlights the task that printed it (and its other
//     lines); hovering a task's row highlights its lines.
//   * A link can name a moment and a task: page.html#t=14&task=2 opens at
//     14 s with the task of index 2 (Recording::tasks) highlighted.
//   * Without scripts the page still shows both halves.
//
// Every text goes through XmlEscape. Scripts mark the page when they have
// run: <body data-ready="1" data-lines="N" data-rows="M">, and an error
// caught by window.onerror sets data-error (tools/test_html.sh loads pages
// in Chromium and checks both).
//
// Example:
//
//   WriteFileAtomically("run.html", RenderHtml(recording, {.title = ...}));

#ifndef ASYNCSIM_CLI_HTML_H_
#define ASYNCSIM_CLI_HTML_H_

#include <string>

#include "cli/recorder.h"

namespace asyncsim::cli {

struct HtmlOptions {
  // The page's title: the command that ran.
  std::string title = "asyncsim";
};

// The whole page, ending in '\n'.
std::string RenderHtml(const Recording& recording,
                       const HtmlOptions& options = {});

}  // namespace asyncsim::cli

#endif  // ASYNCSIM_CLI_HTML_H_
