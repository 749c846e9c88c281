#include "engine/observer.h"

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"

namespace asyncsim {

std::string_view WaitKindName(WaitKind kind) {
  switch (kind) {
    case WaitKind::kYield:
      return "sleep(0)";
    case WaitKind::kSleep:
      return "sleep";
    case WaitKind::kQueueGet:
      return "Queue.get";
    case WaitKind::kQueuePut:
      return "Queue.put";
    case WaitKind::kQueueJoin:
      return "Queue.join";
    case WaitKind::kEvent:
      return "Event.wait";
    case WaitKind::kLock:
      return "Lock.acquire";
    case WaitKind::kSemaphore:
      return "Semaphore.acquire";
    case WaitKind::kTask:
      return "Task";
    case WaitKind::kGather:
      return "gather";
    case WaitKind::kFuture:
      return "Future";
    case WaitKind::kWaitFor:
      return "wait_for";
  }
  return "?";
}

std::string_view TaskOutcomeName(TaskOutcome outcome) {
  switch (outcome) {
    case TaskOutcome::kFinished:
      return "finished";
    case TaskOutcome::kFailed:
      return "failed";
    case TaskOutcome::kCancelled:
      return "cancelled";
  }
  return "?";
}

std::string_view QueueOpName(QueueOp op) {
  switch (op) {
    case QueueOp::kPut:
      return "put";
    case QueueOp::kGet:
      return "get";
  }
  return "?";
}

std::string TaskInfo::Name() const {
  if (!custom_name.empty()) return std::string(custom_name);
  return absl::StrCat("Task-", id);
}

}  // namespace asyncsim
