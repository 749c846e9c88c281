#include "cli/timed_output.h"

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"

namespace asyncsim::cli {

std::string TimestampPrefix(absl::Duration t, int width) {
  return absl::StrFormat("[%*.3f] ", width, absl::ToDoubleSeconds(t));
}

TimedOutput::TimedOutput(const VirtualClock& clock, FdOutput& out,
                         Options options)
    : clock_(clock), out_(out), options_(options) {}

void TimedOutput::Print(std::string_view line) {
  if (interrupted_) return;
  const absl::Duration t = clock_.Now() - absl::UnixEpoch();
  if (options_.pacer != nullptr) {
    // What was printed so far shows before the wait.
    out_.Flush();
    if (!options_.pacer->WaitUntil(t)) {
      interrupted_ = true;
      interrupted_at_ = options_.pacer->interrupted_at();
      // The user saw the replay up to there, and nothing of what the
      // engine ran ahead to (this line's instant).
      if (options_.recorder != nullptr) {
        options_.recorder->Cut(absl::UnixEpoch() + interrupted_at_);
      }
      return;
    }
  }
  if (options_.recorder != nullptr)
    options_.recorder->OnPrint(clock_.Now(), line);
  if (options_.timestamps) {
    out_.Print(absl::StrCat(TimestampPrefix(t, options_.timestamp_width),
                            absl::string_view(line.data(), line.size())));
  } else {
    out_.Print(line);
  }
  if (options_.pacer != nullptr) out_.Flush();
}

}  // namespace asyncsim::cli
