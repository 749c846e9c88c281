// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: callback.h
// -----------------------------------------------------------------------------
//
// Closures as done-callbacks: `fut.add_done_callback(fn)` on a task or any
// future, plus `CallSoon`/`CallLater`/`CallAt` on the running loop (the
// loop's own `Loop::CallSoon` & co., for code that has no `Loop*` at hand).
// The engine's primitives register plain function pointers; these are for
// programs, and for the composites written like their Python (wait_for,
// as_completed, shield, wait, timeout), which need closures.
//
// Guarantees, as CPython's futures.py:
//   * `AddDoneCallback(task, fn)` schedules `fn` with call_soon when the
//     task is done, in registration order with every other done-callback
//     (a task awaiting it is one); on a done task it is scheduled at once.
//   * `DoneCallbackHandle::Remove()` is `remove_done_callback`: 1 if it was
//     still registered (it will not run, and its closure is dropped), else 0
//     (once the task is done the callback is already scheduled and runs).
//   * A callback that throws does not stop the loop: the exception is
//     logged ("Exception in callback"), as asyncio's exception handler does.
//   * The closure lives on the heap, kept alive by the registration while
//     it is registered or scheduled (a Python closure outlives the frame
//     that made it), and dropped once it has run. If the loop is torn down
//     first (a deadlock, a limit), the loop reclaims it (LoopOwned): nothing
//     leaks, nothing runs.
//
// Differences from CPython: the callback takes no argument (capture the
// future); it is removed by the handle its registration returned, not by
// comparing functions.
//
// `CallbackHandle`, what the call_* functions return, is defined in
// internal/scheduled_callback.h (the loop returns it too).
//
// Example:
//
//   DoneCallbackHandle d = AddDoneCallback(task, [&] { Print("done"); });
//   CallbackHandle h = CallLater(absl::Seconds(1), [&] { Print("tick"); });
//   d.Remove();
//   h.Cancel();

#ifndef ASYNCSIM_ENGINE_CALLBACK_H_
#define ASYNCSIM_ENGINE_CALLBACK_H_

#include <cstdint>
#include <functional>
#include <utility>

#include "absl/time/time.h"
#include "engine/internal/scheduled_callback.h"
#include "engine/loop.h"
#include "engine/task.h"

namespace asyncsim {
namespace internal {

// The running loop, or throws RuntimeError("no running event loop").
Loop* LoopOrThrow();

// A registration on a future's done-callback list: the closure, reference
// counted by its handles, and "held" while registered or scheduled. It
// frees itself when neither holds it; at teardown the loop reclaims the
// hold (the registration or the scheduled call is gone with the loop).
class FnDoneCallback final : public LoopOwned {
 public:
  // add_done_callback on `future`, whose loop is running.
  static FnDoneCallback* Register(FutureCore* future, std::function<void()> fn);
  // For futures destroyed while pending: removes every closure registered
  // on `callbacks` (FutureCore's list).
  static void RemoveAll(IntrusiveList<DoneCallback>& callbacks);

  FnDoneCallback(const FnDoneCallback&) = delete;
  FnDoneCallback& operator=(const FnDoneCallback&) = delete;

  void AddRef() { ++refs_; }
  void Release() {
    if (--refs_ == 0 && !held_) delete this;
  }
  // remove_done_callback: 1 if it was still registered (now removed and its
  // closure dropped), else 0.
  int Remove();

  // LoopOwned: the loop is going; drop the hold without running.
  void Reclaim() override;

 private:
  FnDoneCallback(Loop* loop, std::function<void()> fn);
  ~FnDoneCallback() = default;
  static void Run(void* self);
  void Unhold();
  // Drops the closure. (Moved out first: destroying it may come back here.)
  void Discard() { std::function<void()> gone = std::exchange(fn_, nullptr); }

  Loop* loop_;
  std::function<void()> fn_;
  DoneCallback node_;
  uint32_t refs_ = 0;
  bool held_ = false;
};

}  // namespace internal

// The registration `fut.add_done_callback(fn)` made. Copyable; a default
// one refers to nothing.
class DoneCallbackHandle {
 public:
  DoneCallbackHandle() = default;
  DoneCallbackHandle(const DoneCallbackHandle& other) : cb_(other.cb_) {
    if (cb_ != nullptr) cb_->AddRef();
  }
  DoneCallbackHandle(DoneCallbackHandle&& other) noexcept
      : cb_(std::exchange(other.cb_, nullptr)) {}
  DoneCallbackHandle& operator=(DoneCallbackHandle other) noexcept {
    std::swap(cb_, other.cb_);
    return *this;
  }
  ~DoneCallbackHandle() {
    if (cb_ != nullptr) cb_->Release();
  }

  bool valid() const { return cb_ != nullptr; }
  // fut.remove_done_callback(fn): 1 if it was still registered, else 0.
  int Remove() { return cb_ != nullptr ? cb_->Remove() : 0; }

  // For the engine: adopts a fresh registration.
  static DoneCallbackHandle Adopt(internal::FnDoneCallback* cb) {
    DoneCallbackHandle handle;
    handle.cb_ = cb;
    cb->AddRef();
    return handle;
  }

 private:
  internal::FnDoneCallback* cb_ = nullptr;
};

namespace internal {
// add_done_callback on any future of a running loop.
inline DoneCallbackHandle AddDoneCallback(FutureCore* future,
                                          std::function<void()> fn) {
  return DoneCallbackHandle::Adopt(
      FnDoneCallback::Register(future, std::move(fn)));
}
}  // namespace internal

// task.add_done_callback(fn).
template <typename T>
DoneCallbackHandle AddDoneCallback(const TaskHandle<T>& task,
                                   std::function<void()> fn) {
  return internal::AddDoneCallback(task.core(), std::move(fn));
}

// loop.call_soon(fn) on the running loop. Throws RuntimeError if none.
CallbackHandle CallSoon(std::function<void()> fn);
// loop.call_later(delay, fn) on the running loop: call_at(loop.time() +
// delay), a double sum. A Duration is its seconds as a double.
CallbackHandle CallLater(double delay, std::function<void()> fn);
CallbackHandle CallLater(absl::Duration delay, std::function<void()> fn);
// loop.call_at(when, fn) on the running loop; `when` in seconds on its
// clock (Loop::Time()), or an absl::Time since the Unix epoch, its origin.
CallbackHandle CallAt(double when, std::function<void()> fn);
CallbackHandle CallAt(absl::Time when, std::function<void()> fn);

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_CALLBACK_H_
