#include "engine/callback.h"

#include <exception>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "engine/clock.h"
#include "engine/errors.h"
#include "engine/loop.h"

namespace asyncsim {
namespace internal {

Loop* LoopOrThrow() {
  Loop* loop = Loop::Current();
  if (loop == nullptr) throw RuntimeError("no running event loop");
  return loop;
}

// --- HeapCallback ------------------------------------------------------------

void HeapCallback::Invoke() {
  // The closure goes when the call ends, as the Handle does in CPython.
  std::function<void()> fn = std::exchange(fn_, nullptr);
  if (!fn) return;
  try {
    fn();
  } catch (...) {
    // BaseEventLoop.call_exception_handler: logged, the loop carries on.
    if (loop_ != nullptr) {
      loop_->log() << "Exception in callback\n"
                   << DescribeException(std::current_exception()) << "\n";
    }
  }
}

void HeapCallback::OnLoopDestroyed() {
  ++refs_;  // Dropping the closure may drop handles to this.
  held_ = false;
  loop_ = nullptr;
  Discard();
  Release();
}

// --- ScheduledCallback -------------------------------------------------------

ScheduledCallback* ScheduledCallback::Schedule(Loop* loop,
                                               std::optional<Ticks> deadline,
                                               std::function<void()> fn) {
  auto* callback = new ScheduledCallback(loop, deadline, std::move(fn));
  callback->Hold();
  if (deadline.has_value()) {
    callback->timer_.on_fire = {&Fire, callback};
    loop->AddTimer(&callback->timer_, *deadline);
  } else {
    loop->CallSoon({&Fire, callback});
  }
  return callback;
}

void ScheduledCallback::Fire(void* self) {
  auto* callback = static_cast<ScheduledCallback*>(self);
  // A handle cancelled after it was queued is skipped (_run_once).
  if (!callback->cancelled_) callback->Invoke();
  callback->Unhold();
}

void ScheduledCallback::Cancel() {
  if (cancelled_) return;
  cancelled_ = true;
  AddRef();
  Discard();
  // A pending timer leaves the queue; a queued handle is skipped by Fire.
  if (timer_.linked()) {
    loop()->CancelTimer(&timer_);
    Unhold();
  }
  Release();
}

// --- FnDoneCallback ----------------------------------------------------------

FnDoneCallback* FnDoneCallback::Register(FutureCore* future,
                                         std::function<void()> fn) {
  auto* callback = new FnDoneCallback(future->loop(), std::move(fn));
  callback->Hold();
  future->AddDoneCallback(&callback->node_);
  return callback;
}

void FnDoneCallback::Run(void* self) {
  auto* callback = static_cast<FnDoneCallback*>(self);
  callback->Invoke();
  callback->Unhold();
}

int FnDoneCallback::Remove() {
  if (!node_.linked()) return 0;
  node_.Unlink();
  AddRef();
  Discard();
  Unhold();
  Release();
  return 1;
}

void FnDoneCallback::RemoveAll(IntrusiveList<DoneCallback>& callbacks) {
  std::vector<FnDoneCallback*> ours;
  callbacks.ForEach([&](DoneCallback* node) {
    if (node->callback.fn == &Run) {
      ours.push_back(static_cast<FnDoneCallback*>(node->callback.arg));
    }
  });
  // Each is held (registered) until removed, so none goes away early.
  for (FnDoneCallback* callback : ours) callback->Remove();
}

}  // namespace internal

CallbackHandle CallSoon(std::function<void()> fn) {
  Loop* loop = internal::LoopOrThrow();
  return CallbackHandle::Adopt(
      internal::ScheduledCallback::Schedule(loop, std::nullopt, std::move(fn)));
}

CallbackHandle CallLater(absl::Duration delay, std::function<void()> fn) {
  Loop* loop = internal::LoopOrThrow();
  internal::Ticks deadline = SaturatingAdd(loop->NowTicks(), ToTicks(delay));
  return CallbackHandle::Adopt(
      internal::ScheduledCallback::Schedule(loop, deadline, std::move(fn)));
}

CallbackHandle CallAt(absl::Time when, std::function<void()> fn) {
  Loop* loop = internal::LoopOrThrow();
  return CallbackHandle::Adopt(internal::ScheduledCallback::Schedule(
      loop, absl::ToUnixNanos(when), std::move(fn)));
}

}  // namespace asyncsim
