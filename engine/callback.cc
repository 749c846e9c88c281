#include "engine/callback.h"

#include <exception>
#include <functional>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/loop.h"

namespace asyncsim {
namespace internal {

Loop* LoopOrThrow() {
  Loop* loop = Loop::Current();
  if (loop == nullptr) throw RuntimeError("no running event loop");
  return loop;
}

FnDoneCallback::FnDoneCallback(Loop* loop, std::function<void()> fn)
    : loop_(loop), fn_(std::move(fn)) {
  node_.callback = {&Run, this};
}

FnDoneCallback* FnDoneCallback::Register(FutureCore* future,
                                         std::function<void()> fn) {
  auto* callback = new FnDoneCallback(future->loop(), std::move(fn));
  callback->held_ = true;
  callback->loop_->Adopt(callback);
  future->AddDoneCallback(&callback->node_);  // Scheduled at once if done.
  return callback;
}

void FnDoneCallback::Run(void* self) {
  auto* callback = static_cast<FnDoneCallback*>(self);
  // The closure goes when the call ends, as the Handle does in CPython.
  std::function<void()> fn = std::exchange(callback->fn_, nullptr);
  if (fn) {
    try {
      fn();
    } catch (...) {
      // Handle._run: the exception goes to the loop's exception handler.
      callback->loop_->log()
          << "Exception in callback: "
          << DescribeException(std::current_exception()) << "\n";
    }
  }
  callback->Unhold();
}

void FnDoneCallback::Unhold() {
  held_ = false;
  LoopOwned::Unlink();
  if (refs_ == 0) delete this;
}

int FnDoneCallback::Remove() {
  if (!node_.linked()) return 0;
  node_.Unlink();
  AddRef();  // Dropping the closure may drop handles to this.
  Discard();
  Unhold();
  Release();
  return 1;
}

void FnDoneCallback::Reclaim() {
  AddRef();
  held_ = false;
  node_.Unlink();
  Discard();
  Release();
}

void FnDoneCallback::RemoveAll(IntrusiveList<DoneCallback>& callbacks) {
  std::vector<FnDoneCallback*> ours;
  callbacks.ForEach([&](DoneCallback* node) {
    if (node->callback.fn == &Run) {
      ours.push_back(static_cast<FnDoneCallback*>(node->callback.arg));
    }
  });
  // Each is held while registered, so none goes away before its turn.
  for (FnDoneCallback* callback : ours) callback->Remove();
}

}  // namespace internal

CallbackHandle CallSoon(std::function<void()> fn) {
  return internal::LoopOrThrow()->CallSoon(std::move(fn));
}

CallbackHandle CallLater(double delay, std::function<void()> fn) {
  return internal::LoopOrThrow()->CallLater(delay, std::move(fn));
}

CallbackHandle CallAt(double when, std::function<void()> fn) {
  return internal::LoopOrThrow()->CallAt(when, std::move(fn));
}

CallbackHandle CallLater(absl::Duration delay, std::function<void()> fn) {
  return internal::LoopOrThrow()->CallLater(delay, std::move(fn));
}

CallbackHandle CallAt(absl::Time when, std::function<void()> fn) {
  return internal::LoopOrThrow()->CallAt(when, std::move(fn));
}

}  // namespace asyncsim
