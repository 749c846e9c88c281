#include "cli/trace_check.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/clock.h"
#include "engine/observer.h"
#include "engine/python_repr.h"

namespace asyncsim::cli {
namespace {

constexpr uint64_t kFnvOffset = 14695981039346656037ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;

uint64_t Fnv(uint64_t hash, std::string_view bytes) {
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= kFnvPrime;
  }
  return hash;
}

uint64_t Fnv(uint64_t hash, uint64_t value) {
  for (int i = 0; i < 8; ++i) {
    hash ^= (value >> (8 * i)) & 0xff;
    hash *= kFnvPrime;
  }
  return hash;
}

int64_t Nanos(absl::Time t) { return absl::ToUnixNanos(t); }

}  // namespace

TraceRecorder::TraceRecorder(const VirtualClock& clock, scenarios::Output* out,
                             const TraceRecorder* reference, Observer* next)
    : clock_(clock),
      out_(out),
      reference_(reference),
      next_(next),
      hash_(kFnvOffset) {}

void TraceRecorder::OnTaskCreated(absl::Time t, const TaskInfo& task) {
  Record(Type::kCreated, t, task.id, Fnv(kFnvOffset, task.custom_name), {});
  if (next_ != nullptr) next_->OnTaskCreated(t, task);
}

void TraceRecorder::OnTaskResumed(absl::Time t, const TaskInfo& task) {
  Record(Type::kResumed, t, task.id, 0, {});
  if (next_ != nullptr) next_->OnTaskResumed(t, task);
}

void TraceRecorder::OnTimerFired(absl::Time t, const TaskInfo& task) {
  Record(Type::kTimerFired, t, task.id, 0, {});
  if (next_ != nullptr) next_->OnTimerFired(t, task);
}

void TraceRecorder::OnTaskSuspended(absl::Time t, const TaskInfo& task,
                                    WaitKind kind, std::string_view what) {
  // The kind in the low byte, so that it can be described.
  Record(Type::kSuspended, t, task.id,
         (Fnv(kFnvOffset, what) << 8) | static_cast<uint8_t>(kind), what);
  if (next_ != nullptr) next_->OnTaskSuspended(t, task, kind, what);
}

void TraceRecorder::OnTaskDone(absl::Time t, const TaskInfo& task,
                               TaskOutcome outcome) {
  Record(Type::kDone, t, task.id, static_cast<uint8_t>(outcome), {});
  if (next_ != nullptr) next_->OnTaskDone(t, task, outcome);
}

void TraceRecorder::Print(std::string_view line) {
  Record(Type::kPrint, clock_.Now(), 0, Fnv(kFnvOffset, line), line);
  if (out_ != nullptr) out_->Print(line);
}

void TraceRecorder::End(std::string_view outcome) {
  Record(Type::kEnd, clock_.Now(), 0, Fnv(kFnvOffset, outcome), outcome);
}

void TraceRecorder::Record(Type type, absl::Time t, uint64_t task,
                           uint64_t detail, std::string_view text) {
  const Event event{
      .nanos = Nanos(t), .task = task, .detail = detail, .type = type};
  const uint64_t index = count_++;
  hash_ = Fnv(hash_, static_cast<uint64_t>(type));
  hash_ = Fnv(hash_, static_cast<uint64_t>(event.nanos));
  hash_ = Fnv(hash_, task);
  hash_ = Fnv(hash_, detail);
  if (reference_ == nullptr) {
    events_.push_back(event);
    if (!text.empty()) {
      text_index_.push_back(static_cast<int64_t>(texts_.size()));
      texts_.emplace_back(text);
    } else {
      text_index_.push_back(-1);
    }
    return;
  }
  if (difference_.has_value()) return;
  const std::vector<Event>& theirs = reference_->events_;
  if (index < theirs.size() && theirs[index] == event) return;
  difference_ =
      absl::StrCat("event ", index + 1, ": first run: ",
                   index < theirs.size()
                       ? Describe(theirs[index], reference_->TextOf(index))
                       : absl::StrCat("ended after ", theirs.size(), " events"),
                   "; second run: ", Describe(event, text));
}

std::string_view TraceRecorder::TextOf(uint64_t index) const {
  if (index >= text_index_.size() || text_index_[index] < 0) return {};
  return texts_[static_cast<size_t>(text_index_[index])];
}

std::optional<std::string> TraceRecorder::FirstDifference() const {
  return difference_;
}

std::string TraceRecorder::Describe(const Event& event, std::string_view text) {
  const std::string at = absl::StrCat(
      "at ", absl::FormatDuration(absl::Nanoseconds(event.nanos)), ", ");
  const std::string task = absl::StrCat("task ", event.task, " ");
  switch (event.type) {
    case Type::kCreated:
      return absl::StrCat(at, task, "created");
    case Type::kResumed:
      return absl::StrCat(at, task, "resumed");
    case Type::kSuspended:
      return absl::StrCat(at, task, "suspended on ",
                          text.empty()
                              ? std::string(WaitKindName(
                                    static_cast<WaitKind>(event.detail & 0xff)))
                              : std::string(text));
    case Type::kDone:
      return absl::StrCat(
          at, task, "done (",
          std::string(TaskOutcomeName(static_cast<TaskOutcome>(event.detail))),
          ")");
    case Type::kTimerFired:
      return absl::StrCat(at, task, "timer fired");
    case Type::kPrint:
      return absl::StrCat(at, "printed ", PythonRepr(text));
    case Type::kEnd:
      return absl::StrCat(at, "the run ended: ", std::string(text));
  }
  return at;
}

}  // namespace asyncsim::cli
