#include "engine/gather.h"

#include <cassert>
#include <exception>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/errors.h"

namespace asyncsim::internal {

Loop* RunningLoop() {
  Loop* loop = Loop::Current();
  if (loop == nullptr) throw RuntimeError("no running event loop");
  return loop;
}

GatherCore::GatherCore(Loop* loop, size_t arity, bool return_exceptions)
    : arity_(arity), return_exceptions_(return_exceptions) {
  static_assert(alignof(GatherCore) <= PoolAlignment(PoolKind::kObject));
  children_.reserve(arity);
  loop->Adopt(this);
}

GatherCore::~GatherCore() {
  for (FutureCore* child : children_) child->Release();
}

void GatherCore::AddChild(FutureCore* child, bool fresh) {
  children_.push_back(child);
  if (fresh) {
    ++nfuts_;
    AddRef();  // Until the callback has run.
    return;
  }
  // gather() dedups: one callback per distinct child.
  if (!passed_in_.insert(child).second) return;
  if (child_callbacks_ == nullptr) {
    child_callbacks_ = std::make_unique<ChildCallback[]>(arity_);
  }
  ChildCallback& callback = child_callbacks_[ncallbacks_++];
  ++nfuts_;
  callback.gather = this;
  callback.child = child;
  callback.callback = {&OnCallback, &callback};
  AddRef();  // Until this callback has run.
  child->AddDoneCallback(&callback);
}

void GatherCore::ForEachListedTask(
    const std::function<void(TaskBase*)>& f) const {
  for (FutureCore* child : children_) {
    if (!child->is_task()) continue;
    auto* task = static_cast<TaskBase*>(child);
    if (task->parent() == this) f(task);
  }
}

void GatherCore::Reclaim() {
  LoopOwned::Unlink();
  // Children not yet reported hold one reference each (a callback node for
  // a child passed in, the parent link for a fresh one); the loop will run
  // none of them now.
  for (size_t i = 0; i < ncallbacks_; ++i) child_callbacks_[i].Unlink();
  refs_ -= static_cast<uint32_t>(nfuts_ - nfinished_);
  if (refs_ == 0) delete this;
}

void GatherCore::Seal() {
  // gather() with no arguments: a future whose result is already [].
  if (children_.empty()) SetFinished();
}

void GatherCore::OnCallback(void* arg) {
  auto* callback = static_cast<ChildCallback*>(arg);
  callback->gather->ChildDone(callback->child);
}

void GatherCore::ChildDone(FutureCore* child) {
  GatherCore* self = this;
  ++self->nfinished_;
  if (self->done()) {
    // Too late to matter; retrieve the exception so it is not logged.
    if (!child->cancelled()) child->RetrieveException();
  } else if (!self->return_exceptions_ && child->cancelled()) {
    self->SetFailed(std::make_exception_ptr(CancelledError()));
  } else if (std::exception_ptr e;
             !self->return_exceptions_ &&
             (e = child->RetrieveException()) != nullptr) {
    self->SetFailed(std::move(e));
  } else if (self->nfinished_ == self->nfuts_) {
    if (self->return_exceptions_) {
      for (FutureCore* c : self->children_) {
        if (!c->cancelled()) c->RetrieveException();
      }
    }
    if (self->cancel_requested_) {
      self->SetFailed(std::make_exception_ptr(CancelledError()));
    } else {
      self->SetFinished();
    }
  }
  self->Release();
}

bool GatherCore::Cancel() {
  if (done()) return false;
  bool cancelled_any = false;
  for (FutureCore* child : children_) {
    if (child->Cancel()) cancelled_any = true;
  }
  if (cancelled_any) cancel_requested_ = true;
  return cancelled_any;
}

std::string GatherCore::Describe() const {
  return absl::StrCat("gather (", nfuts_ - nfinished_, " of ", nfuts_,
                      " children pending)");
}

std::exception_ptr GatherCore::ChildException(size_t i) const {
  FutureCore* child = children_[i];
  assert(child->done());
  if (child->cancelled()) return std::make_exception_ptr(CancelledError());
  return child->RetrieveException();
}

}  // namespace asyncsim::internal
