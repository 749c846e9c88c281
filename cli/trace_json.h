// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: trace_json.h
// -----------------------------------------------------------------------------
//
// `TraceJson` writes a `Recording` as a Chrome Trace Event file
// (`asyncsim --trace FILE`), which opens in Perfetto (ui.perfetto.dev) and
// chrome://tracing. Timestamps are virtual microseconds.
//
//   * One process (pid 1) named after the command; one thread per task
//     (tid = its row: 1, 2, ... in creation order) named by `thread_name`
//     metadata, sorted by `thread_sort_index`.
//   * Per task, a complete event (`"ph":"X"`, cat "task") for its life,
//     from creation to its end, with the outcome in `args`; inside it one
//     complete event per wait, named by what was awaited ("sleep(4s)",
//     "Queue.get", "Task 'Producer 0'"), cat the wait's category ("sleep",
//     "queue", "await" for a task, gather or wait_for, "sync" for an event,
//     lock, semaphore, condition or future), `args.waits_on` the same text
//     and `args.kind` the precise kind ("sleep(0)", "Queue.join", ...). A
//     wait still open when the run ended (a deadlock, a limit) lasts until
//     that end.
//   * Per item got from a queue (`Recording::flows`), a flow from the
//     putter's thread at the put to the getter's thread at the get, which
//     Perfetto and chrome://tracing draw as an arrow: a flow start
//     (`"ph":"s"`) and a flow end (`"ph":"f"`, `"bp":"e"`), cat "flow",
//     named "item 3" ("item 3 of queue 2" when there are several queues;
//     counted from 1), with one `id` per item. Each binds to a slice of no
//     duration of its own at that instant, "put item 3" / "get item 3"
//     (cat "flow"; `args`: queue, item, put_by, got_by), so that it is
//     never bound to a wait that ends or begins there. Items put or got
//     outside any task have no flow.
//   * Categories are single lowercase words: task, sleep, queue, await,
//     sync, print, tie and flow.
//   * Per printed line, an instant (`"ph":"i"`, thread-scoped) on the
//     printing task's thread, named by the line, the line also in
//     `args.text`. Lines printed outside any task go to a thread of their
//     own (tid 0, "outside the event loop").
//   * Per tie (see recorder.h), a global instant (`"s":"g"`) naming the
//     tasks that woke together.
//
// The text is escaped as JSON requires (text_escape.h): quotes,
// backslashes, ANSI escapes and other control characters, invalid UTF-8.
//
// Example:
//
//   std::ofstream("run.json") << TraceJson(recording, {.title = "chained"});

#ifndef ASYNCSIM_CLI_TRACE_JSON_H_
#define ASYNCSIM_CLI_TRACE_JSON_H_

#include <string>

#include "cli/recorder.h"

namespace asyncsim::cli {

struct TraceOptions {
  // The process name: the command that ran.
  std::string title = "asyncsim";
};

// The whole file: one JSON object, one event per line, ending in '\n'.
std::string TraceJson(const Recording& recording,
                      const TraceOptions& options = {});

}  // namespace asyncsim::cli

#endif  // ASYNCSIM_CLI_TRACE_JSON_H_
