#include "cli/svg.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "cli/recorder.h"
#include "cli/text_escape.h"
#include "cli/time_axis.h"
#include "engine/observer.h"

namespace asyncsim::cli {
namespace {

constexpr double kCharWidth = 7.2;  // 12px monospace
constexpr int kMaxLabelChars = 28;
constexpr double kRowHeight = 20;
constexpr double kTop = 58;  // the first row
constexpr double kAxisY = 52;
constexpr double kRightMargin = 30;
constexpr double kTickSpacing = 70;  // pixels between ticks, at least

const char* Colour(WaitCategory category) {
  switch (category) {
    case WaitCategory::kSleep:
      return "#9ecae1";
    case WaitCategory::kQueue:
      return "#fdae6b";
    case WaitCategory::kTask:
      return "#a1d99b";
    case WaitCategory::kOther:
      return "#bcbddc";
  }
  return "#bcbddc";
}

// A coordinate, with one decimal.
std::string Px(double x) { return absl::StrFormat("%.1f", x); }

// How many characters `text` shows as (UTF-8 code points).
int CharCount(std::string_view text) {
  int count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

// `name` cut to `chars` characters (at a code point boundary).
std::string Cut(std::string_view name, int chars) {
  if (CharCount(name) <= chars) return std::string(name);
  std::string cut;
  int shown = 0;
  for (char c : name) {
    const bool starts = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (starts && shown == chars - 1) break;
    if (starts) ++shown;
    cut.push_back(c);
  }
  return cut + "\xE2\x80\xA6";  // …
}

// Seconds with three decimals, for tooltips.
std::string Seconds(absl::Duration t) {
  return SecondsLabel(t, absl::Milliseconds(1));
}

// "item 3 of the queue", "item 3 of queue 2": the item's number counts
// from 1 for people; a queue is named only when there are several.
std::string ItemName(const Flow& flow, bool several_queues) {
  if (!several_queues)
    return absl::StrCat("item ", flow.item + 1, " of the queue");
  return absl::StrCat("item ", flow.item + 1, " of queue ", flow.queue + 1);
}

// The arrow's marker: a small filled head.
constexpr char kArrowDefs[] =
    "<defs><marker id=\"flow-head\" viewBox=\"0 0 8 8\" refX=\"7\" "
    "refY=\"4\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\">"
    "<path d=\"M0 0 L8 4 L0 8 z\" fill=\"#444\"/></marker></defs>\n";

// The path of an arrow from (x0, y0) to (x1, y1): a gentle curve, so that
// an arrow straight down stands apart from a row's tick marks; between two
// points of one row (the same task put and got it), an arc over the row.
std::string ArrowPath(double x0, double y0, double x1, double y1) {
  double cx = (x0 + x1) / 2;
  double cy = (y0 + y1) / 2;
  if (y0 == y1) {
    cy -= std::min(12.0, 4 + std::abs(x1 - x0) / 4);
  } else {
    const double dx = x1 - x0;
    const double dy = y1 - y0;
    const double length = std::hypot(dx, dy);
    const double bow = std::min(10.0, 0.12 * length);
    cx += bow * dy / length;
    cy -= bow * dx / length;
  }
  return absl::StrCat("M", Px(x0), " ", Px(y0), " Q", Px(cx), " ", Px(cy), " ",
                      Px(x1), " ", Px(y1));
}

// The mark of a task's end at (x, y), y the row's middle.
std::string EndMark(TaskOutcome outcome, double x, double y,
                    const std::string& tooltip) {
  const std::string title =
      tooltip.empty() ? "" : absl::StrCat("<title>", tooltip, "</title>");
  switch (outcome) {
    case TaskOutcome::kFinished:
      return absl::StrCat("<path d=\"M", Px(x), " ", Px(y - 6),
                          " l5 6 l-5 6 "
                          "l-5 -6 z\" fill=\"#222\">",
                          title, "</path>\n");
    case TaskOutcome::kCancelled:
      return absl::StrCat("<path d=\"M", Px(x - 5), " ", Px(y - 5),
                          " l10 10 m0 -10 l-10 10\" stroke=\"#d62728\" "
                          "stroke-width=\"2.5\">",
                          title, "</path>\n");
    case TaskOutcome::kFailed:
      return absl::StrCat("<path d=\"M", Px(x), " ", Px(y - 6),
                          " l6 12 l-12 0 z\" fill=\"#d62728\">", title,
                          "</path>\n");
  }
  return "";
}

}  // namespace

std::string RenderSvg(const Recording& recording, const SvgOptions& options) {
  const int shown =
      std::min<int>(recording.tasks.size(), std::max(options.max_rows, 0));
  int label_chars = 6;  // "stdout"
  for (int i = 0; i < shown; ++i) {
    label_chars = std::max(
        label_chars, CharCount(Cut(recording.tasks[i].name, kMaxLabelChars)));
  }
  // Room for the row labels, and for "time (s)" before the first tick
  // label ("0" to "0.000", centred on the axis's start).
  constexpr int kAxisTitleChars = 8;  // "time (s)"
  constexpr double kGap = 8;
  const double left =
      std::max(28 + label_chars * kCharWidth,
               10 + kAxisTitleChars * kCharWidth + kGap + 2.5 * kCharWidth);
  const double width = std::max<double>(options.width, left + 200);
  const double chart = width - left - kRightMargin;
  const int64_t end_nanos =
      std::max<int64_t>(absl::ToInt64Nanoseconds(recording.end), 1);
  const auto x = [&](absl::Duration t) {
    return left + chart * static_cast<double>(absl::ToInt64Nanoseconds(t)) /
                      static_cast<double>(end_nanos);
  };
  const int rows = 1 + shown;  // stdout, then the tasks
  const bool more = static_cast<size_t>(shown) < recording.tasks.size();
  const double rows_bottom = kTop + rows * kRowHeight;
  const bool below = more || !recording.ending.empty();  // A line under rows.
  const double legend_y = rows_bottom + (below ? kRowHeight : 0) + 22;
  const double height = legend_y + 18 + 20;  // two lines of legend

  std::string svg = absl::StrFormat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%s\" height=\"%s\" "
      "viewBox=\"0 0 %s %s\" font-family=\"DejaVu Sans Mono, Menlo, "
      "Consolas, monospace\" font-size=\"12\" data-x0=\"%s\" "
      "data-x1=\"%s\" data-end=\"%s\" data-top=\"%s\" "
      "data-bottom=\"%s\">\n",
      Px(width), Px(height), Px(width), Px(height), Px(left), Px(left + chart),
      absl::StrFormat("%.9f", static_cast<double>(end_nanos) * 1e-9),
      Px(kAxisY), Px(rows_bottom));
  absl::StrAppend(&svg,
                  "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n",
                  "<text x=\"10\" y=\"20\" font-size=\"14\" "
                  "font-weight=\"bold\">",
                  XmlEscape(options.title), "</text>\n");

  // Axis, ticks and grid lines.
  const absl::Duration tick = NiceStep(absl::Nanoseconds(static_cast<int64_t>(
      static_cast<double>(end_nanos) * kTickSpacing / chart)));
  absl::StrAppend(&svg, "<g stroke=\"#ddd\">\n");
  for (absl::Duration t; absl::ToInt64Nanoseconds(t) <= end_nanos; t += tick) {
    absl::StrAppend(&svg, "<line x1=\"", Px(x(t)), "\" y1=\"", Px(kAxisY),
                    "\" x2=\"", Px(x(t)), "\" y2=\"", Px(rows_bottom),
                    "\"/>\n");
  }
  absl::StrAppend(&svg, "</g>\n<g text-anchor=\"middle\" fill=\"#555\">\n");
  // The end of the run is labelled too, in the coarsest precision that
  // shows it exactly (the tick's, whole seconds, ... milliseconds); a tick
  // label it would overlap is left out.
  const absl::Duration end_time = absl::Nanoseconds(end_nanos);
  absl::Duration end_precision = absl::Milliseconds(1);
  for (absl::Duration p : {tick, absl::Seconds(1), absl::Milliseconds(100),
                           absl::Milliseconds(10)}) {
    if (end_time % p == absl::ZeroDuration()) {
      end_precision = p;
      break;
    }
  }
  const std::string end_label = SecondsLabel(end_time, end_precision);
  const double end_half = CharCount(end_label) * kCharWidth / 2;
  const double first_half =
      CharCount(SecondsLabel(absl::ZeroDuration(), tick)) * kCharWidth / 2;
  absl::StrAppend(&svg, "<text x=\"", Px(left - first_half - kGap), "\" y=\"",
                  Px(kAxisY - 8),
                  "\" text-anchor=\"end\" fill=\"#555\">time (s)</text>\n");
  for (absl::Duration t; absl::ToInt64Nanoseconds(t) <= end_nanos; t += tick) {
    const std::string label = SecondsLabel(t, tick);
    const double half = CharCount(label) * kCharWidth / 2;
    if (x(t) + half + 6 > x(end_time) - end_half) continue;
    absl::StrAppend(&svg, "<text x=\"", Px(x(t)), "\" y=\"", Px(kAxisY - 8),
                    "\">", label, "</text>\n");
  }
  absl::StrAppend(&svg, "<text class=\"end\" x=\"", Px(x(end_time)), "\" y=\"",
                  Px(kAxisY - 8), "\" font-weight=\"bold\" fill=\"#222\">",
                  end_label, "</text>\n");
  absl::StrAppend(&svg, "</g>\n<line x1=\"", Px(left), "\" y1=\"", Px(kAxisY),
                  "\" x2=\"", Px(left + chart), "\" y2=\"", Px(kAxisY),
                  "\" stroke=\"#555\"/>\n");

  // Rows: stripes and labels.
  for (int row = 0; row < rows; ++row) {
    const double y = kTop + row * kRowHeight;
    if (row % 2 == 1) {
      absl::StrAppend(&svg, "<rect x=\"0\" y=\"", Px(y), "\" width=\"",
                      Px(width), "\" height=\"", Px(kRowHeight),
                      "\" fill=\"#000\" fill-opacity=\"0.04\"/>\n");
    }
    const std::string label =
        row == 0 ? "stdout"
                 : Cut(recording.tasks[row - 1].name, kMaxLabelChars);
    absl::StrAppend(&svg, "<text class=\"row\" x=\"", Px(left - 8), "\" y=\"",
                    Px(y + 14), "\" text-anchor=\"end\">", XmlEscape(label),
                    "</text>\n");
  }

  // Printed lines: a dot per instant, its lines in the tooltip.
  absl::StrAppend(&svg, "<g class=\"stdout\" fill=\"#444\">\n");
  for (size_t i = 0; i < recording.lines.size();) {
    const absl::Duration t = recording.lines[i].time;
    std::string tooltip = absl::StrCat(Seconds(t), " s");
    size_t count = 0;
    for (; i < recording.lines.size() && recording.lines[i].time == t; ++i) {
      ++count;
      const PrintedLine& line = recording.lines[i];
      const std::string who = line.task < 0 ? "outside the event loop"
                                            : recording.tasks[line.task].name;
      absl::StrAppend(&tooltip, "&#10;", XmlEscape(who), ": ",
                      XmlEscape(line.text));
    }
    // The area grows with the lines printed at that instant, up to a
    // row's height.
    const double r = std::min(3.5 * std::sqrt(static_cast<double>(count)),
                              kRowHeight / 2 - 1);
    absl::StrAppend(&svg, "<circle cx=\"", Px(x(t)), "\" cy=\"", Px(kTop + 10),
                    "\" r=\"", Px(r), "\" data-lines=\"", count, "\"><title>",
                    tooltip, "</title></circle>\n");
  }
  absl::StrAppend(&svg, "</g>\n");

  // Flows: an arrow per item got from a queue, from the putter's row at the
  // put to the getter's row at the get. Only between rows shown; at most
  // max_flows, the first got, fainter when there are many.
  bool several_queues = false;
  for (const Flow& flow : recording.flows) several_queues |= flow.queue != 0;
  int drawable = 0;
  int drawn = 0;
  std::string arrows;
  for (const Flow& flow : recording.flows) {
    if (flow.putter < 0 || flow.putter >= shown || flow.getter < 0 ||
        flow.getter >= shown) {
      continue;
    }
    // Put and got by one task at one instant: no arrow to draw.
    if (flow.putter == flow.getter && flow.put == flow.got) continue;
    ++drawable;
    if (drawn >= options.max_flows) continue;
    ++drawn;
    const double top_put = kTop + (flow.putter + 1) * kRowHeight;
    const double top_got = kTop + (flow.getter + 1) * kRowHeight;
    // From the middle of the putter's row to the middle of the getter's,
    // the head on the getter's tick.
    const double y0 = top_put + kRowHeight / 2;
    const double y1 = top_got + kRowHeight / 2;
    absl::StrAppend(
        &arrows, "<path class=\"flow\" d=\"",
        ArrowPath(x(flow.put), y0, x(flow.got), y1),
        "\" marker-end=\"url(#flow-head)\" data-queue=\"", flow.queue,
        "\" data-item=\"", flow.item, "\" data-putter=\"", flow.putter,
        "\" data-getter=\"", flow.getter, "\"><title>",
        XmlEscape(absl::StrCat(ItemName(flow, several_queues), ": put by ",
                               recording.tasks[flow.putter].name, " at ",
                               Seconds(flow.put), " s, got by ",
                               recording.tasks[flow.getter].name, " at ",
                               Seconds(flow.got), " s")),
        "</title></path>\n");
  }
  // Tasks.
  for (int i = 0; i < shown; ++i) {
    const TaskTrack& task = recording.tasks[i];
    const double y = kTop + (i + 1) * kRowHeight;
    absl::StrAppend(&svg, "<g class=\"task\" data-task=\"", i, "\">\n");
    for (const Wait& wait : task.waits) {
      const double x0 = x(wait.start);
      const double x1 = x(wait.end);
      if (wait.end <= wait.start) continue;
      absl::StrAppend(&svg, "<rect x=\"", Px(x0), "\" y=\"", Px(y + 5),
                      "\" width=\"", Px(std::max(x1 - x0, 1.0)),
                      "\" height=\"10\" fill=\"", Colour(CategoryOf(wait.kind)),
                      "\"><title>",
                      XmlEscape(absl::StrCat(task.name, ": ", wait.what, ", ",
                                             Seconds(wait.start), " to ",
                                             Seconds(wait.end), " s")),
                      "</title></rect>\n");
    }
    absl::StrAppend(&svg, "<g stroke=\"#222\" stroke-width=\"1.5\">");
    absl::Duration last = -absl::Seconds(1);
    for (absl::Duration t : task.runs) {
      if (t == last) continue;  // ran twice in one instant: one tick
      last = t;
      absl::StrAppend(&svg, "<line x1=\"", Px(x(t)), "\" y1=\"", Px(y + 3),
                      "\" x2=\"", Px(x(t)), "\" y2=\"", Px(y + 17), "\"/>");
    }
    absl::StrAppend(&svg, "</g>\n");
    if (task.outcome.has_value()) {
      absl::StrAppend(
          &svg, EndMark(*task.outcome, x(task.end), y + 10,
                        XmlEscape(absl::StrCat(
                            task.name, ": ",
                            std::string(TaskOutcomeName(*task.outcome)), " at ",
                            Seconds(task.end), " s"))));
    }
    absl::StrAppend(&svg, "</g>\n");
  }
  // Over the tasks' bars, thin and translucent: under them an arrow would
  // vanish in each row it crosses.
  if (drawn > 0) {
    absl::StrAppend(&svg, kArrowDefs,
                    "<g class=\"flows\" fill=\"none\" stroke=\"#444\" "
                    "stroke-width=\"1.2\" stroke-opacity=\"",
                    drawn > 60 ? "0.35" : "0.7", "\">\n", arrows, "</g>\n");
  }

  // A run that did not end by itself: a red line at its end, saying how.
  if (!recording.ending.empty()) {
    const double xe = x(end_time);
    absl::StrAppend(
        &svg, "<g class=\"ending\">\n<line x1=\"", Px(xe), "\" y1=\"",
        Px(kAxisY), "\" x2=\"", Px(xe), "\" y2=\"", Px(rows_bottom),
        "\" stroke=\"#d62728\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>\n",
        "<text x=\"", Px(xe - 4), "\" y=\"", Px(rows_bottom + 14),
        "\" text-anchor=\"end\" fill=\"#d62728\">",
        XmlEscape(
            absl::StrCat(recording.ending, " at ", Seconds(end_time), " s")),
        "</text>\n</g>\n");
  }
  if (more) {
    const size_t rest = recording.tasks.size() - shown;
    absl::StrAppend(&svg, "<text x=\"", Px(left), "\" y=\"",
                    Px(rows_bottom + 14), "\" fill=\"#555\">... ", rest,
                    rest == 1 ? " more task" : " more tasks", " (the first ",
                    shown, " of ", recording.tasks.size(),
                    " are shown)</text>\n");
  }

  // Legend.
  double lx = 10;
  double ly = legend_y;
  auto legend_text = [&](std::string_view text) {
    absl::StrAppend(&svg, "<text x=\"", Px(lx), "\" y=\"", Px(ly + 4), "\">",
                    XmlEscape(text), "</text>\n");
    lx += CharCount(text) * kCharWidth + 18;
  };
  absl::StrAppend(&svg, "<g class=\"legend\">\n");
  // Only what the picture shows: the bars' colours, the marks.
  bool shows_category[4] = {};
  bool shows_outcome[3] = {};
  bool shows_run = false;
  for (int i = 0; i < shown; ++i) {
    const TaskTrack& task = recording.tasks[i];
    for (const Wait& wait : task.waits) {
      if (wait.end > wait.start) {
        shows_category[static_cast<int>(CategoryOf(wait.kind))] = true;
      }
    }
    shows_run = shows_run || !task.runs.empty();
    if (task.outcome.has_value()) {
      shows_outcome[static_cast<int>(*task.outcome)] = true;
    }
  }
  const std::pair<WaitCategory, const char*> bars[] = {
      {WaitCategory::kSleep, "sleep"},
      {WaitCategory::kQueue, "Queue get/put/join"},
      {WaitCategory::kTask, "a task or gather"},
      {WaitCategory::kOther, "event, lock, future"},
  };
  for (const auto& [category, text] : bars) {
    if (!shows_category[static_cast<int>(category)]) continue;
    absl::StrAppend(&svg, "<rect x=\"", Px(lx), "\" y=\"", Px(ly - 5),
                    "\" width=\"14\" height=\"10\" fill=\"", Colour(category),
                    "\"/>\n");
    lx += 18;
    legend_text(text);
  }
  lx = 10;
  ly += 18;
  if (shows_run) {
    absl::StrAppend(&svg, "<line x1=\"", Px(lx + 2), "\" y1=\"", Px(ly - 7),
                    "\" x2=\"", Px(lx + 2), "\" y2=\"", Px(ly + 7),
                    "\" stroke=\"#222\" stroke-width=\"1.5\"/>\n");
    lx += 10;
    legend_text("ran");
  }
  for (TaskOutcome outcome : {TaskOutcome::kFinished, TaskOutcome::kCancelled,
                              TaskOutcome::kFailed}) {
    if (!shows_outcome[static_cast<int>(outcome)]) continue;
    absl::StrAppend(&svg, EndMark(outcome, lx + 5, ly, ""));
    lx += 16;
    legend_text(TaskOutcomeName(outcome));
  }
  if (!recording.lines.empty()) {
    absl::StrAppend(&svg, "<circle cx=\"", Px(lx + 4), "\" cy=\"", Px(ly),
                    "\" r=\"3.5\" fill=\"#444\"/>\n");
    lx += 14;
    legend_text("printed a line (larger: several)");
  }
  if (drawn > 0) {
    absl::StrAppend(&svg, "<path d=\"M", Px(lx), " ", Px(ly), " l18 0\" ",
                    "stroke=\"#444\" stroke-width=\"1.2\" ",
                    "marker-end=\"url(#flow-head)\"/>\n");
    lx += 24;
    legend_text(
        drawn < drawable
            ? absl::StrCat("an item from its put to its get (the first ", drawn,
                           " of ", drawable, ")")
            : "an item from its put to its get");
  }
  absl::StrAppend(&svg, "</g>\n</svg>\n");
  return svg;
}

}  // namespace asyncsim::cli
