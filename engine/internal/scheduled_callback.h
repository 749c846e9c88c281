// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: internal/scheduled_callback.h
// -----------------------------------------------------------------------------
//
// `CallbackHandle` is asyncio's Handle / TimerHandle: what `Loop::CallSoon`,
// `CallLater` and `CallAt` (and callback.h's functions of the same names)
// return. `ScheduledCallback` is the state behind it: the closure, its timer,
// and a reference count.
//
// Guarantees:
//   * The callback runs whether or not a handle is kept; `Cancel()` before it
//     runs stops it (a no-op once it ran), and a cancelled timer never moves
//     the clock.
//   * A callback that throws does not stop the loop: the exception is logged
//     ("Exception in callback").
//
// Example:
//
//   CallbackHandle h = loop->CallLater(absl::Seconds(1), [] { Tick(); });
//   h.Cancel();

#ifndef ASYNCSIM_ENGINE_INTERNAL_SCHEDULED_CALLBACK_H_
#define ASYNCSIM_ENGINE_INTERNAL_SCHEDULED_CALLBACK_H_

#include <cstdint>
#include <functional>
#include <utility>

#include "engine/internal/handles.h"
#include "engine/internal/intrusive_list.h"

namespace asyncsim {

class Loop;

namespace internal {

// A plain callback scheduled with Loop::CallSoon / CallLater / CallAt.
// Reference counted: the loop holds one reference while it is scheduled,
// each CallbackHandle one more.
class ScheduledCallback : public ListHook {
 public:
  ScheduledCallback(Loop* loop, std::function<void()> fn)
      : loop_(loop), fn_(std::move(fn)) {}
  void AddRef() { ++refs_; }
  void Release() {
    if (--refs_ == 0) delete this;
  }
  static void RunThunk(void* self);

  Loop* loop_;
  LoopTimer timer_;
  std::function<void()> fn_;
  uint32_t refs_ = 1;
  bool cancelled_ = false;
  bool is_timer_ = false;
};

}  // namespace internal

// asyncio's Handle / TimerHandle: a scheduled callback, which may be
// cancelled until it runs. Copyable; the callback runs whether or not a
// handle is kept.
class CallbackHandle {
 public:
  CallbackHandle() = default;
  explicit CallbackHandle(internal::ScheduledCallback* cb) : cb_(cb) {}
  CallbackHandle(const CallbackHandle& other) : cb_(other.cb_) {
    if (cb_ != nullptr) cb_->AddRef();
  }
  CallbackHandle& operator=(CallbackHandle other) {
    std::swap(cb_, other.cb_);
    return *this;
  }
  ~CallbackHandle() {
    if (cb_ != nullptr) cb_->Release();
  }
  // Handle.cancel(): the callback will not run (a no-op once it ran). A
  // cancelled timer never moves the clock.
  void Cancel();
  bool Cancelled() const { return cb_ != nullptr && cb_->cancelled_; }

 private:
  internal::ScheduledCallback* cb_ = nullptr;
};

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_INTERNAL_SCHEDULED_CALLBACK_H_
