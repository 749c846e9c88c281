// workers.py (beside this file) on the asyncsim engine, line for line: two
// workers share a queue of delays; main waits until every delay has been
// slept, then cancels the workers. Both print the same bytes, CPython in
// real seconds and this program at once (tools/test_consumer_workspace.sh
// compares them). At 3 s both workers wake; the one whose sleep was
// scheduled first prints first.

#include <iostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "engine/queue.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"

using asyncsim::CreateTask;
using asyncsim::Queue;
using asyncsim::Sleep;
using asyncsim::Task;
using asyncsim::TaskHandle;

// async def worker(name, queue):
Task<void> Worker(std::string name, Queue<int>& queue) {
  while (true) {
    int delay = co_await queue.Get();
    co_await Sleep(delay);
    std::cout << name << " slept " << delay << "\n";
    queue.TaskDone();
  }
}

// async def main():
Task<void> Main() {
  Queue<int> queue;
  for (int delay : {3, 1, 2, 1}) queue.PutNowait(delay);
  std::vector<TaskHandle<void>> workers;
  for (int i = 0; i < 2; ++i) {
    workers.push_back(CreateTask(Worker("w" + std::to_string(i), queue)));
  }
  co_await queue.Join();
  for (TaskHandle<void>& w : workers) w.Cancel();
  std::cout << "all done\n";
}

int main() {
  // asyncio.run(main())
  absl::Status status = asyncsim::Run(Main());
  if (!status.ok()) {
    std::cerr << "workers: " << status.message() << "\n";
    return 1;
  }
  return 0;
}
