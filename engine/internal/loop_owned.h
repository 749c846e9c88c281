// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: internal/loop_owned.h
// -----------------------------------------------------------------------------
//
// `LoopOwned` is an engine object kept alive by references that callbacks
// hold (a gather, a closure registered as a done-callback). If the loop is
// torn down before those callbacks run (a deadlock, a limit), they never
// will, so the loop reclaims whatever is still registered then.
//
// Guarantees:
//   * At teardown the loop calls `Reclaim()` once on each object it still
//     owns (`Loop::Adopt`), after the pending tasks' frames are destroyed.
//
// Example:
//
//   class Registration final : public LoopOwned {
//     void Reclaim() override { delete this; }
//   };
//   loop->Adopt(new Registration);

#ifndef ASYNCSIM_ENGINE_INTERNAL_LOOP_OWNED_H_
#define ASYNCSIM_ENGINE_INTERNAL_LOOP_OWNED_H_

#include <functional>

#include "engine/internal/intrusive_list.h"

namespace asyncsim::internal {

class TaskBase;

// An engine object kept alive by references that callbacks hold. If the
// loop is torn down before those callbacks run (a deadlock, a limit), they
// never will, so the loop reclaims whatever is still registered then.
class LoopOwned : public ListHook {
 public:
  // Frees the object (its destructor unregisters it).
  virtual void Reclaim() = 0;
  // Calls `f` for each task this object lists instead of the loop's
  // TaskList (a gather: the tasks it created, while it lives).
  virtual void ForEachListedTask(
      const std::function<void(TaskBase*)>& f) const {}

 protected:
  ~LoopOwned() = default;
};

}  // namespace asyncsim::internal

#endif  // ASYNCSIM_ENGINE_INTERNAL_LOOP_OWNED_H_
