#include "cli/timeline.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "cli/recorder.h"
#include "cli/text_wrap.h"
#include "cli/time_axis.h"

namespace asyncsim::cli {
namespace {

constexpr int kMaxLabelWidth = 24;
constexpr int kMinChartWidth = 10;
// Columns between two ticks of the axis, at least.
constexpr int kMinTickSpacing = 6;
constexpr std::string_view kAxisLabel = "time (s)";
constexpr std::string_view kPrintRowLabel = "stdout";

// How many characters `text` shows as (UTF-8 code points).
int DisplayWidth(std::string_view text) {
  int width = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++width;
  }
  return width;
}

// `name` made safe for one line of a terminal, cut to `width` characters.
std::string Label(std::string_view name, int width) {
  std::string safe;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    safe.push_back(u < 0x20 || u == 0x7F ? '?' : c);
  }
  if (DisplayWidth(safe) <= width) return safe;
  // Cut at a code point boundary, leaving room for "...".
  std::string cut;
  int shown = 0;
  for (size_t i = 0; i < safe.size(); ++i) {
    const bool starts = (static_cast<unsigned char>(safe[i]) & 0xC0) != 0x80;
    if (starts && shown == width - 3) break;
    if (starts) ++shown;
    cut.push_back(safe[i]);
  }
  return cut + "...";
}

// `text` padded with spaces to `width` characters.
std::string Pad(std::string text, int width) {
  text.append(std::max(0, width - DisplayWidth(text)), ' ');
  return text;
}

char OutcomeMark(TaskOutcome outcome) {
  switch (outcome) {
    case TaskOutcome::kFinished:
      return '|';
    case TaskOutcome::kCancelled:
      return 'x';
    case TaskOutcome::kFailed:
      return '!';
  }
  return '|';
}

// The time slices of the chart's columns.
struct Columns {
  int64_t step;  // nanoseconds per column
  int count;

  int64_t Start(int c) const { return step * c; }
};

// Columns of a nice width (0.5 s), unless they would leave more than a
// third of the `width` columns empty; then of a fine one (0.25 s).
Columns FitColumns(int64_t end, int width) {
  if (end <= 0) return Columns{.step = 1'000'000'000, .count = 1};
  // floor(end / step) + 1 columns must fit in `width`.
  const absl::Duration at_least = absl::Nanoseconds(
      std::max<int64_t>((end + (width - 1) - 1) / (width - 1), 1));
  int64_t step = absl::ToInt64Nanoseconds(NiceStep(at_least));
  if (3 * (end / step + 1) < 2 * static_cast<int64_t>(width)) {
    step = absl::ToInt64Nanoseconds(FineStep(at_least));
  }
  return Columns{.step = step, .count = static_cast<int>(end / step) + 1};
}

// The row of one task.
std::string TaskCells(const TaskTrack& track, const Columns& columns) {
  const int64_t created = absl::ToInt64Nanoseconds(track.created);
  const int64_t end = absl::ToInt64Nanoseconds(track.end);
  std::vector<int64_t> runs;
  runs.reserve(track.runs.size());
  for (absl::Duration t : track.runs) {
    runs.push_back(absl::ToInt64Nanoseconds(t));
  }
  std::string cells(columns.count, ' ');
  size_t wait = 0;  // the first wait that may cover the column's start
  for (int c = 0; c < columns.count; ++c) {
    const int64_t lo = columns.Start(c);
    const int64_t hi = lo + columns.step;
    if (hi <= created) continue;
    if (track.outcome.has_value() && end < lo) break;
    if (track.outcome.has_value() && end < hi) {
      cells[c] = OutcomeMark(*track.outcome);
      continue;
    }
    auto run = std::lower_bound(runs.begin(), runs.end(), lo);
    if (run != runs.end() && *run < hi) {
      cells[c] = '*';
      continue;
    }
    while (wait < track.waits.size() &&
           absl::ToInt64Nanoseconds(track.waits[wait].end) <= lo) {
      ++wait;
    }
    if (wait < track.waits.size() &&
        absl::ToInt64Nanoseconds(track.waits[wait].start) <= lo) {
      cells[c] = WaitMark(CategoryOf(track.waits[wait].kind));
    }
  }
  // Trailing blanks carry nothing.
  cells.erase(cells.find_last_not_of(' ') + 1);
  return cells;
}

// The row counting printed lines: a digit per column, '+' beyond 9.
std::string PrintCells(const Recording& recording, const Columns& columns) {
  std::vector<int> counts(columns.count, 0);
  for (const PrintedLine& line : recording.lines) {
    const int64_t t = absl::ToInt64Nanoseconds(line.time);
    const int c = static_cast<int>(
        std::min<int64_t>(t / columns.step, columns.count - 1));
    ++counts[c];
  }
  std::string cells(columns.count, ' ');
  for (int c = 0; c < columns.count; ++c) {
    if (counts[c] > 9) {
      cells[c] = '+';
    } else if (counts[c] > 0) {
      cells[c] = static_cast<char>('0' + counts[c]);
    }
  }
  cells.erase(cells.find_last_not_of(' ') + 1);
  return cells;
}

// The numbers above the axis and the axis itself, for `columns` drawn from
// column `left` on, in lines at most `limit` wide.
void AppendAxis(const Columns& columns, int left, int limit, std::string& out) {
  const absl::Duration step = absl::Nanoseconds(columns.step);
  const absl::Duration end =
      absl::Nanoseconds(columns.Start(columns.count - 1));
  // Columns between ticks: the fewest that make a nice tick (0 5 10, or
  // 0 0.5 1) and leave room for the widest label. Every column step has a
  // nice multiple (time_axis.h).
  auto needed = [&](int k) {
    const absl::Duration tick = step * k;
    const int widest = std::max(DisplayWidth(SecondsLabel(end, tick)),
                                DisplayWidth(SecondsLabel(tick, tick)));
    return std::max(widest + 2, kMinTickSpacing);
  };
  constexpr int kGiveUp = 1000;
  int every = 1;
  while (every < kGiveUp &&
         (!IsNiceStep(step * every) || every < needed(every))) {
    ++every;
  }
  std::string numbers = Pad(std::string(kAxisLabel), left);
  int numbers_width = DisplayWidth(numbers);  // Kept, not recounted.
  std::string rule(left, ' ');
  for (int c = 0; c < columns.count; ++c) {
    if (c % every != 0) {
      rule.push_back('-');
      continue;
    }
    rule.push_back('+');
    const std::string label = SecondsLabel(step * c, step * every);
    const int at = left + c;
    const int label_width = DisplayWidth(label);
    if (at + label_width > limit) continue;
    numbers.append(std::max(0, at - numbers_width), ' ');
    numbers += label;
    numbers_width = std::max(numbers_width, at) + label_width;
  }
  absl::StrAppend(&out, numbers, "\n", rule, "\n");
}

// The legend, wrapped to `limit` columns.
void AppendLegend(int limit, std::string& out) {
  const char* const entries[] = {
      "* ran (no virtual time)",
      "= sleep",
      "~ Queue get/put/join",
      "- a task or gather",
      ": event, lock, future",
      "| finished",
      "x cancelled",
      "! failed",
      "stdout: lines printed",
  };
  std::string line = "legend:";
  for (const char* entry : entries) {
    if (DisplayWidth(line) + 2 + DisplayWidth(entry) > limit &&
        line != "legend:") {
      absl::StrAppend(&out, line, "\n");
      line = "       ";
    }
    absl::StrAppend(&line, "  ", entry);
  }
  absl::StrAppend(&out, line, "\n");
}

}  // namespace

char WaitMark(WaitCategory category) {
  switch (category) {
    case WaitCategory::kSleep:
      return '=';
    case WaitCategory::kQueue:
      return '~';
    case WaitCategory::kTask:
      return '-';
    case WaitCategory::kOther:
      return ':';
  }
  return ':';
}

std::string RenderTimeline(const Recording& recording,
                           const TimelineOptions& options) {
  const int shown_tasks =
      std::min<int>(recording.tasks.size(), std::max(options.max_rows, 0));
  int label_width =
      std::max(DisplayWidth(kAxisLabel), DisplayWidth(kPrintRowLabel));
  for (int i = 0; i < shown_tasks; ++i) {
    label_width =
        std::max(label_width,
                 DisplayWidth(Label(recording.tasks[i].name, kMaxLabelWidth)));
  }
  label_width = std::min(label_width, kMaxLabelWidth);
  const int left = label_width + 2;
  // The last column stays free: some terminals wrap on it.
  const int limit = std::max(options.width - 1, left + kMinChartWidth);
  const Columns columns =
      FitColumns(absl::ToInt64Nanoseconds(recording.end), limit - left);

  std::string out =
      WrapWords(absl::StrCat("timeline: 0 to ",
                             SecondsLabel(recording.end, absl::Milliseconds(1)),
                             " s of virtual time, 1 column = ",
                             SecondsLabel(absl::Nanoseconds(columns.step),
                                          absl::Nanoseconds(columns.step)),
                             " s"),
                limit, "", "  ");
  AppendAxis(columns, left, limit, out);
  auto row = [&](std::string_view label, const std::string& cells) {
    std::string line = Pad(Label(label, label_width), left) + cells;
    line.erase(line.find_last_not_of(' ') + 1);
    absl::StrAppend(&out, line, "\n");
  };
  row(kPrintRowLabel, PrintCells(recording, columns));
  for (int i = 0; i < shown_tasks; ++i) {
    row(recording.tasks[i].name, TaskCells(recording.tasks[i], columns));
  }
  if (static_cast<size_t>(shown_tasks) < recording.tasks.size()) {
    const size_t more = recording.tasks.size() - shown_tasks;
    absl::StrAppend(&out, "... ", more,
                    more == 1 ? " more task" : " more tasks", " (the first ",
                    shown_tasks, " of ", recording.tasks.size(),
                    " are shown)\n");
  }
  AppendLegend(limit, out);
  return out;
}

}  // namespace asyncsim::cli
