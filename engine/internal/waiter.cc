#include "engine/internal/waiter.h"

#include <string>

#include "engine/errors.h"

namespace asyncsim::internal {

void ThrowOrphaned(Waiter& waiter, const char* primitive) {
  if (waiter.task()->TakeCancel(waiter.cancelled())) {
    waiter.task()->ThrowCancelled();
  }
  throw RuntimeError(std::string(primitive) +
                     " destroyed while a task was waiting on it");
}

}  // namespace asyncsim::internal
