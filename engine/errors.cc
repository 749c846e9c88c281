#include "engine/errors.h"

#include <exception>
#include <string>

namespace asyncsim {

std::string DescribeException(const std::exception_ptr& e) {
  if (!e) return "no exception";
  try {
    std::rethrow_exception(e);
  } catch (const CancelledError& ex) {
    return ex.message().empty() ? "CancelledError"
                                : "CancelledError: " + ex.message();
  } catch (const InvalidStateError& ex) {
    return std::string("InvalidStateError: ") + ex.what();
  } catch (const TimeoutError&) {
    return "TimeoutError";
  } catch (const QueueEmpty&) {
    return "QueueEmpty";
  } catch (const QueueFull&) {
    return "QueueFull";
  } catch (const ValueError& ex) {
    return std::string("ValueError: ") + ex.what();
  } catch (const TaskLimitError& ex) {
    return std::string("TaskLimitError: ") + ex.what();
  } catch (const RuntimeError& ex) {
    return std::string("RuntimeError: ") + ex.what();
  } catch (const std::exception& ex) {
    return std::string("exception: ") + ex.what();
  } catch (...) {
    return "unknown exception";
  }
}

}  // namespace asyncsim
