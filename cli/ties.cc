#include "cli/ties.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "cli/recorder.h"
#include "cli/text_wrap.h"
#include "cli/time_axis.h"

namespace asyncsim::cli {
std::string RenderTies(const Recording& recording, int width) {
  const int limit = std::max(width - 1, 40);
  if (recording.ties.empty()) {
    return WrapWords(
        "ties: none. No two tasks were woken by timers at the same "
        "instant, so no wakeup order in this run hangs on timing drift.",
        limit, "", "");
  }
  const size_t n = recording.ties.size();
  std::string out = WrapWords(
      absl::StrCat("ties: tasks woke together at ", n,
                   n == 1 ? " instant" : " instants",
                   ". The replay wakes them in the order their sleeps began; "
                   "real CPython orders them by microseconds of drift, so "
                   "its output may differ from there on:"),
      limit, "", "");
  for (const Tie& tie : recording.ties) {
    std::vector<std::string> names;
    for (int task : tie.tasks) names.push_back(recording.tasks[task].name);
    absl::StrAppend(
        &out, WrapWords(absl::StrCat(
                            "t=", SecondsLabel(tie.time, absl::Milliseconds(1)),
                            ": ", absl::StrJoin(names, ", "),
                            " woke together; CPython may order them "
                            "differently"),
                        limit, "  ", "    "));
  }
  return out;
}

}  // namespace asyncsim::cli
