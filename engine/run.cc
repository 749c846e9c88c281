#include "engine/run.h"

#include <ostream>
#include <vector>

#include "absl/status/status.h"
#include "engine/errors.h"
#include "engine/gather.h"
#include "engine/loop.h"
#include "engine/task.h"

namespace asyncsim {

bool IsDeadlock(const absl::Status& status) { return absl::IsAborted(status); }
bool IsHorizonExceeded(const absl::Status& status) {
  return absl::IsDeadlineExceeded(status);
}
bool IsStepLimitExceeded(const absl::Status& status) {
  return internal::LimitOf(status) == internal::Limit::kSteps;
}
bool IsTaskLimitExceeded(const absl::Status& status) {
  return internal::LimitOf(status) == internal::Limit::kTasks;
}
absl::Status TaskLimitExceededError(std::string_view message) {
  return internal::LimitError(internal::Limit::kTasks, message);
}

namespace internal {
namespace {

// loop.shutdown_asyncgens() and loop.shutdown_default_executor(): with no
// async generators and no executor, each returns at once. They still run
// as tasks, so leftover callbacks get their iterations, as in CPython.
Task<void> ReturnAtOnce() { co_return; }

void LogTaskException(Loop& loop, const char* what, TaskBase* task,
                      const std::exception_ptr& e) {
  loop.log() << what << "\nfuture: <Task finished name='" << task->Name()
             << "' exception=" << DescribeException(e) << ">\n";
}

// asyncio.runners._cancel_all_tasks.
absl::Status CancelAllTasks(Loop& loop) {
  std::vector<TaskBase*> to_cancel = loop.PendingTasks();
  if (to_cancel.empty()) return absl::OkStatus();
  for (TaskBase* task : to_cancel) task->Cancel();
  // run_until_complete(gather(*to_cancel, return_exceptions=True))
  auto* gather = new GatherCore(&loop, to_cancel.size(), true);
  for (TaskBase* task : to_cancel) {
    task->AddRef();
    gather->AddChild(task, /*fresh=*/false);
  }
  gather->Seal();
  absl::Status status = loop.RunUntilComplete(gather);
  if (status.ok()) {
    for (TaskBase* task : to_cancel) {
      if (task->cancelled()) continue;
      if (std::exception_ptr e = task->RetrieveException()) {
        LogTaskException(
            loop, "unhandled exception during asyncio.run() shutdown", task, e);
      }
    }
  }
  gather->Release();
  return status;
}

absl::Status RunTrivialTask(Loop& loop) {
  TaskHandle<void> task = CreateTask(ReturnAtOnce());
  return loop.RunUntilComplete(task.core());
}

void ReportUnretrievedExceptions(Loop& loop) {
  for (TaskBase* task : loop.TakeFailedTasks()) {
    if (task->exception_unretrieved()) {
      LogTaskException(loop, "Task exception was never retrieved", task,
                       task->RetrieveException());
    }
    task->Release();
  }
}

}  // namespace

absl::Status RunMain(Loop& loop, TaskBase* main) {
  absl::Status status = loop.RunUntilComplete(main);
  if (!status.ok()) return status;
  // _run_until_complete_cb looks at main's exception: it is not "never
  // retrieved"; asyncio.run raises it.
  main->RetrieveException();
  status = CancelAllTasks(loop);
  if (status.ok()) status = RunTrivialTask(loop);
  if (status.ok()) status = RunTrivialTask(loop);
  ReportUnretrievedExceptions(loop);
  return status;
}

}  // namespace internal
}  // namespace asyncsim
