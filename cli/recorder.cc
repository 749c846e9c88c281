#include "cli/recorder.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "engine/observer.h"

namespace asyncsim::cli {
namespace {

// Virtual time since the clock's origin.
absl::Duration Since(absl::Time t) { return t - absl::UnixEpoch(); }

}  // namespace

WaitCategory CategoryOf(WaitKind kind) {
  switch (kind) {
    case WaitKind::kYield:
    case WaitKind::kSleep:
      return WaitCategory::kSleep;
    case WaitKind::kQueueGet:
    case WaitKind::kQueuePut:
    case WaitKind::kQueueJoin:
      return WaitCategory::kQueue;
    case WaitKind::kTask:
    case WaitKind::kGather:
    case WaitKind::kWaitFor:
      return WaitCategory::kTask;
    case WaitKind::kEvent:
    case WaitKind::kLock:
    case WaitKind::kSemaphore:
    case WaitKind::kFuture:
      return WaitCategory::kOther;
  }
  return WaitCategory::kOther;
}

int Recorder::TrackIndex(const TaskInfo& task) const {
  auto it = index_.find(task.id);
  return it == index_.end() ? -1 : it->second;
}

TaskTrack* Recorder::Track(const TaskInfo& task) {
  const int index = TrackIndex(task);
  return index < 0 ? nullptr : &recording_.tasks[index];
}

void Recorder::Touch(absl::Duration t) {
  last_event_ = std::max(last_event_, t);
}

void Recorder::OnTaskCreated(absl::Time t, const TaskInfo& task) {
  if (finished_) return;
  Touch(Since(t));
  if (task.id == 1) {
    // A new loop (asyncio.run): ids start again.
    CloseTimerBatch();
    index_.clear();
    main_done_ = false;
    running_ = -1;
  }
  if (main_done_) {
    index_[task.id] = -1;  // asyncio.run's shutdown steps.
    return;
  }
  index_[task.id] = static_cast<int>(recording_.tasks.size());
  TaskTrack& track = recording_.tasks.emplace_back();
  track.name = task.Name();
  track.id = task.id;
  track.created = Since(t);
}

void Recorder::OnTaskResumed(absl::Time t, const TaskInfo& task) {
  if (finished_) return;
  Touch(Since(t));
  CloseTimerBatch();
  running_ = TrackIndex(task);
  TaskTrack* track = Track(task);
  if (track == nullptr) return;
  if (!track->waits.empty() && track->waits.back().end < absl::ZeroDuration()) {
    track->waits.back().end = Since(t);
  }
  track->runs.push_back(Since(t));
}

void Recorder::OnTaskSuspended(absl::Time t, const TaskInfo& task,
                               WaitKind kind, std::string_view what) {
  if (finished_) return;
  Touch(Since(t));
  running_ = -1;
  TaskTrack* track = Track(task);
  if (track == nullptr) return;
  // The end is set when the task resumes; negative until then.
  track->waits.push_back(Wait{.start = Since(t),
                              .end = -absl::Nanoseconds(1),
                              .kind = kind,
                              .what = std::string(what)});
}

void Recorder::OnTaskDone(absl::Time t, const TaskInfo& task,
                          TaskOutcome outcome) {
  if (finished_) return;
  Touch(Since(t));
  running_ = -1;
  if (task.id == 1) main_done_ = true;
  TaskTrack* track = Track(task);
  if (track == nullptr) return;
  // Cancelled while waiting, before it ever ran: the wait ends here.
  if (!track->waits.empty() && track->waits.back().end < absl::ZeroDuration()) {
    track->waits.back().end = Since(t);
  }
  track->outcome = outcome;
  track->end = Since(t);
}

void Recorder::OnTimerFired(absl::Time t, const TaskInfo& task) {
  if (finished_) return;
  Touch(Since(t));
  const int index = TrackIndex(task);
  if (index < 0) return;
  if (batch_.has_value() && batch_->time != Since(t)) CloseTimerBatch();
  if (!batch_.has_value()) batch_ = Tie{.time = Since(t)};
  batch_->tasks.push_back(index);
}

void Recorder::OnQueueItem(absl::Time t, const void* queue, uint64_t item,
                           QueueOp op) {
  if (finished_) return;
  Touch(Since(t));
  if (op == QueueOp::kPut) {
    auto [it, added] = queues_.try_emplace(queue);
    QueueItems& items = it->second;
    // A new queue, or one at the address of a destroyed one (its item 0):
    // a queue of its own.
    if (added || item == 0) {
      items = QueueItems{.index = queue_count_++, .first = item};
    }
    if (item != items.first + items.pending.size()) {
      // Items put while nobody recorded (cannot pair): start afresh.
      items.pending.clear();
      items.first = item;
    }
    items.pending.push_back(Put{.time = Since(t), .task = running_});
    return;
  }
  auto it = queues_.find(queue);
  if (it == queues_.end()) return;
  QueueItems& items = it->second;
  // Items got while nobody recorded leave first.
  while (!items.pending.empty() && items.first < item) {
    items.pending.pop_front();
    ++items.first;
  }
  if (items.pending.empty() || items.first != item) return;
  const Put put = items.pending.front();
  items.pending.pop_front();
  ++items.first;
  recording_.flows.push_back(Flow{.queue = items.index,
                                  .item = item,
                                  .put = put.time,
                                  .putter = put.task,
                                  .got = Since(t),
                                  .getter = running_});
}

void Recorder::CloseTimerBatch() {
  if (!batch_.has_value()) return;
  if (batch_->tasks.size() >= 2) recording_.ties.push_back(*std::move(batch_));
  batch_.reset();
}

void Recorder::OnPrint(absl::Time t, std::string_view line) {
  if (finished_) return;
  Touch(Since(t));
  recording_.lines.push_back(PrintedLine{
      .time = Since(t), .text = std::string(line), .task = running_});
}

const Recording& Recorder::Finish(absl::Time t) {
  if (finished_) return recording_;
  CloseTimerBatch();
  finished_ = true;
  recording_.end = std::max(last_event_, Since(t));
  for (TaskTrack& track : recording_.tasks) {
    if (!track.waits.empty() && track.waits.back().end < absl::ZeroDuration()) {
      track.waits.back().end = recording_.end;
    }
    if (!track.outcome.has_value()) track.end = recording_.end;
  }
  return recording_;
}

const Recording& Recorder::Cut(absl::Time t) {
  if (finished_) return recording_;
  CloseTimerBatch();
  finished_ = true;
  const absl::Duration end = Since(t);
  recording_.end = end;
  std::vector<TaskTrack>& tasks = recording_.tasks;
  // In creation order: the tasks created after `end` are a suffix.
  while (!tasks.empty() && tasks.back().created > end) tasks.pop_back();
  const int kept = static_cast<int>(tasks.size());
  for (TaskTrack& track : tasks) {
    std::erase_if(track.runs, [&](absl::Duration run) { return run > end; });
    std::erase_if(track.waits, [&](const Wait& w) { return w.start > end; });
    if (!track.waits.empty() &&
        (track.waits.back().end < absl::ZeroDuration() ||
         track.waits.back().end > end)) {
      track.waits.back().end = end;
    }
    if (track.outcome.has_value() && track.end > end) track.outcome.reset();
    if (!track.outcome.has_value()) track.end = end;
  }
  std::erase_if(recording_.lines, [&](const PrintedLine& line) {
    return line.time > end || line.task >= kept;
  });
  std::erase_if(recording_.ties,
                [&](const Tie& tie) { return tie.time > end; });
  for (Tie& tie : recording_.ties) {
    std::erase_if(tie.tasks, [&](int task) { return task >= kept; });
  }
  std::erase_if(recording_.ties,
                [](const Tie& tie) { return tie.tasks.size() < 2; });
  // An item got after `end` was not got by then. (Its putter and getter
  // ran by `end`, so they were created by then: their tracks are kept.)
  std::erase_if(recording_.flows,
                [&](const Flow& flow) { return flow.got > end; });
  return recording_;
}

}  // namespace asyncsim::cli
