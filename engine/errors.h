// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: errors.h
// -----------------------------------------------------------------------------
//
// The exceptions a simulated program can see, one per asyncio exception it
// mirrors. They are thrown at await points and travel like Python's: stored
// in the task that raised them and rethrown to whoever awaits it.
//
// `CancelledError` derives from `std::exception` directly, not from
// `std::runtime_error`, for the reason Python made it a `BaseException`: a
// `catch (const std::runtime_error&)` written for ordinary failures must not
// swallow a cancellation.
//
// Example:
//
//   try {
//     co_await Sleep(absl::Seconds(1));
//   } catch (const CancelledError&) {
//     Print("cancelled while sleeping");
//     throw;
//   }

#ifndef ASYNCSIM_ENGINE_ERRORS_H_
#define ASYNCSIM_ENGINE_ERRORS_H_

#include <exception>
#include <stdexcept>
#include <string>
#include <utility>

namespace asyncsim {

// asyncio.CancelledError: thrown into a task at its await point by
// `TaskHandle::Cancel()`.
class CancelledError : public std::exception {
 public:
  CancelledError() = default;
  explicit CancelledError(std::string message) : message_(std::move(message)) {}
  const char* what() const noexcept override {
    return message_.empty() ? "CancelledError" : message_.c_str();
  }
  // The message given to `Cancel(msg)`, or empty.
  const std::string& message() const { return message_; }

 private:
  std::string message_;
};

// asyncio.InvalidStateError: e.g. asking a pending task for its result.
class InvalidStateError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// asyncio.TimeoutError (3.11: TimeoutError): `WaitFor` ran out of time.
class TimeoutError : public std::runtime_error {
 public:
  TimeoutError() : std::runtime_error("TimeoutError") {}
};

// asyncio.QueueEmpty: `Queue::GetNowait` on an empty queue.
class QueueEmpty : public std::runtime_error {
 public:
  QueueEmpty() : std::runtime_error("QueueEmpty") {}
};

// asyncio.QueueFull: `Queue::PutNowait` on a full queue.
class QueueFull : public std::runtime_error {
 public:
  QueueFull() : std::runtime_error("QueueFull") {}
};

// Python's ValueError, for the places asyncio raises it (e.g.
// `task_done() called too many times`).
class ValueError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Python's RuntimeError, for the places asyncio raises it (e.g. releasing
// an unlocked Lock, or no running event loop).
class RuntimeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Not an asyncio exception (Python would run out of memory instead):
// thrown by `CreateTask` when `RunOptions::max_tasks` tasks are alive. The
// run then ends with a task-limit status (run.h's IsTaskLimitExceeded)
// whether or not the program catches it.
class TaskLimitError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Describes an exception for reports: "ValueError: boom" style, using the
// asyncsim type name where known.
std::string DescribeException(const std::exception_ptr& e);

namespace internal {

// True if `e` holds a CancelledError (or an exception derived from it): what
// `catch (const CancelledError&)` would catch if `e` were rethrown. With
// libstdc++ it asks the type information, without a throw: the engine looks
// at the exception of every task that ends, and each rethrow costs a full
// unwind.
bool HoldsCancelledError(const std::exception_ptr& e) noexcept;

}  // namespace internal

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_ERRORS_H_
