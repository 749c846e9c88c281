#include "engine/future.h"

#include <exception>

#include "engine/errors.h"
#include "engine/loop.h"

namespace asyncsim::internal {

void LogFutureExceptionNeverRetrieved(Loop* loop,
                                      const std::exception_ptr& exception) {
  loop->log() << "Future exception was never retrieved\nfuture: <Future "
                 "finished exception="
              << DescribeException(exception) << ">\n";
}

}  // namespace asyncsim::internal
