// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: callback.h
// -----------------------------------------------------------------------------
//
// Callbacks with arbitrary code on the running loop, as asyncio's
// `loop.call_soon(fn)`, `loop.call_later(delay, fn)`, `loop.call_at(when, fn)`
// and `fut.add_done_callback(fn)`. The engine's own primitives schedule plain
// function pointers; these are for programs (and the composite primitives:
// wait_for, as_completed, shield, wait, timeout) that need a closure.
//
// Guarantees, as CPython's `events.Handle` / `TimerHandle`:
//   * `CallSoon` appends to the ready FIFO; `CallLater`/`CallAt` add a timer
//     (equal deadlines fire in scheduling order; a deadline in the past fires
//     at the next timer check without moving the clock). A timer's callback
//     runs in the iteration in which it is due, after what was already
//     ready.
//   * `CallbackHandle::Cancel()` before the callback runs means it never
//     runs; a cancelled timer never moves the clock. The closure is dropped
//     at once.
//   * `AddDoneCallback(task, fn)` schedules `fn` with call_soon when the task
//     is done, after the callbacks registered before it; on a done task it
//     is scheduled at once. `DoneCallbackHandle::Remove()` is
//     `remove_done_callback`: 1 if it was still registered, else 0 (once the
//     task is done the callback is already scheduled and runs anyway).
//   * A callback that throws does not stop the loop: the exception is
//     logged ("Exception in callback"), as asyncio's exception handler does.
//   * Callbacks live on the heap and are kept alive by the loop while they
//     are scheduled or registered, so they may outlive the code that added
//     them (a Python closure). Nothing leaks when the loop is torn down with
//     callbacks still pending: the loop drops them without running them.
//
// The closure may not outlive the loop: handles kept past the end of `Run`
// may still be inspected and cancelled, but a callback never runs then.
//
// Example:
//
//   CallbackHandle h = CallLater(absl::Seconds(1), [&] { Print("tick"); });
//   DoneCallbackHandle d = AddDoneCallback(task, [&] { Print("done"); });
//   h.Cancel();
//   d.Remove();

#ifndef ASYNCSIM_ENGINE_CALLBACK_H_
#define ASYNCSIM_ENGINE_CALLBACK_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <utility>

#include "absl/time/time.h"
#include "engine/loop.h"
#include "engine/task.h"

namespace asyncsim {
namespace internal {

// The running loop, or throws RuntimeError("no running event loop").
Loop* LoopOrThrow();

// A closure on the heap: reference counted by its handles, and "held" by
// the loop while it is scheduled, pending as a timer or registered on a
// future. It frees itself when neither holds it; the loop's teardown drops
// the hold (see TeardownListener).
class HeapCallback : public TeardownListener {
 public:
  HeapCallback(const HeapCallback&) = delete;
  HeapCallback& operator=(const HeapCallback&) = delete;

  void AddRef() { ++refs_; }
  void Release() {
    if (--refs_ == 0 && !held_) delete this;
  }
  // Null once the loop is gone.
  Loop* loop() const { return loop_; }

 protected:
  HeapCallback(Loop* loop, std::function<void()> fn)
      : loop_(loop), fn_(std::move(fn)) {}
  virtual ~HeapCallback() = default;

  void Hold() {
    held_ = true;
    loop_->AddTeardownListener(this);
  }
  // May delete this.
  void Unhold() {
    held_ = false;
    TeardownListener::Unlink();
    if (refs_ == 0) delete this;
  }
  // Runs the closure once (then drops it); logs what it throws.
  void Invoke();
  // Drops the closure without running it. (Moved out first: destroying it
  // may come back here.)
  void Discard() { std::function<void()> gone = std::exchange(fn_, nullptr); }

 private:
  void OnLoopDestroyed() final;

  Loop* loop_;
  std::function<void()> fn_;
  uint32_t refs_ = 0;
  bool held_ = false;
};

// A call_soon / call_later / call_at handle's state.
class ScheduledCallback final : public HeapCallback {
 public:
  // Schedules `fn`: with call_soon if `deadline` is empty, else as a timer.
  static ScheduledCallback* Schedule(Loop* loop, std::optional<Ticks> deadline,
                                     std::function<void()> fn);
  // Handle.cancel().
  void Cancel();
  bool cancelled() const { return cancelled_; }
  // The timer's deadline (empty for call_soon).
  std::optional<Ticks> deadline() const { return deadline_; }

 private:
  ScheduledCallback(Loop* loop, std::optional<Ticks> deadline,
                    std::function<void()> fn)
      : HeapCallback(loop, std::move(fn)), deadline_(deadline) {}
  static void Fire(void* self);

  LoopTimer timer_;
  std::optional<Ticks> deadline_;
  bool cancelled_ = false;
};

// A registration on a future's done-callback list.
class FnDoneCallback final : public HeapCallback {
 public:
  // add_done_callback on `future` (of a live loop).
  static FnDoneCallback* Register(FutureCore* future, std::function<void()> fn);
  // remove_done_callback: 1 if it was still registered (now removed and
  // dropped), else 0.
  int Remove();
  // For a future being destroyed while pending: removes every closure
  // registered on its list. `callbacks` is FutureCore's list.
  static void RemoveAll(IntrusiveList<DoneCallback>& callbacks);

 private:
  FnDoneCallback(Loop* loop, std::function<void()> fn)
      : HeapCallback(loop, std::move(fn)) {
    node_.callback = {&Run, this};
  }
  static void Run(void* self);

  DoneCallback node_;
};

// A counted reference to a HeapCallback subclass.
template <typename C>
class CallbackRef {
 public:
  CallbackRef() = default;
  explicit CallbackRef(C* c) : c_(c) {
    if (c_ != nullptr) c_->AddRef();
  }
  CallbackRef(const CallbackRef& other) : CallbackRef(other.c_) {}
  CallbackRef(CallbackRef&& other) noexcept
      : c_(std::exchange(other.c_, nullptr)) {}
  CallbackRef& operator=(CallbackRef other) noexcept {
    std::swap(c_, other.c_);
    return *this;
  }
  ~CallbackRef() {
    if (c_ != nullptr) c_->Release();
  }
  C* get() const { return c_; }

 private:
  C* c_ = nullptr;
};

}  // namespace internal

// asyncio.Handle / asyncio.TimerHandle. Copyable; a default-constructed one
// refers to nothing (`valid()` is false).
class CallbackHandle {
 public:
  CallbackHandle() = default;
  bool valid() const { return ref_.get() != nullptr; }
  // Handle.cancel(): the callback will not run. Idempotent.
  void Cancel() {
    if (valid()) ref_.get()->Cancel();
  }
  // Handle.cancelled().
  bool Cancelled() const { return ref_.get()->cancelled(); }
  // TimerHandle.when(): the deadline on the loop's clock. Requires a timer.
  absl::Time When() const {
    return absl::FromUnixNanos(*ref_.get()->deadline());
  }

  // For the engine: adopts a freshly scheduled callback.
  static CallbackHandle Adopt(internal::ScheduledCallback* c) {
    CallbackHandle handle;
    handle.ref_ = internal::CallbackRef<internal::ScheduledCallback>(c);
    return handle;
  }

 private:
  internal::CallbackRef<internal::ScheduledCallback> ref_;
};

// The registration `fut.add_done_callback(fn)` made; copyable.
class DoneCallbackHandle {
 public:
  DoneCallbackHandle() = default;
  bool valid() const { return ref_.get() != nullptr; }
  // fut.remove_done_callback(fn): 1 if it was still registered, else 0.
  int Remove() { return valid() ? ref_.get()->Remove() : 0; }

  // For the engine: adopts a fresh registration.
  static DoneCallbackHandle Adopt(internal::FnDoneCallback* c) {
    DoneCallbackHandle handle;
    handle.ref_ = internal::CallbackRef<internal::FnDoneCallback>(c);
    return handle;
  }

 private:
  internal::CallbackRef<internal::FnDoneCallback> ref_;
};

// loop.call_soon(fn) on the running loop.
CallbackHandle CallSoon(std::function<void()> fn);
// loop.call_later(delay, fn) on the running loop.
CallbackHandle CallLater(absl::Duration delay, std::function<void()> fn);
// loop.call_at(when, fn) on the running loop; `when` on the loop's clock
// (`Loop::Now()`).
CallbackHandle CallAt(absl::Time when, std::function<void()> fn);

namespace internal {
// add_done_callback on any future of a live loop.
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

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_CALLBACK_H_
