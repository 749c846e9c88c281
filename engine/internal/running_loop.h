// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: internal/running_loop.h
// -----------------------------------------------------------------------------
//
// `running_loop` is asyncio's running-loop pointer (`events._running_loop`),
// one per thread: `Loop::Current()`, and how tasks and futures find their
// loop (they are made and used inside their loop's run). `Loop::RunningScope`
// sets it.

#ifndef ASYNCSIM_ENGINE_INTERNAL_RUNNING_LOOP_H_
#define ASYNCSIM_ENGINE_INTERNAL_RUNNING_LOOP_H_

namespace asyncsim {
class Loop;
}  // namespace asyncsim

namespace asyncsim::internal {

// Inline, so that the engine's hot paths read it with one
// thread-pointer-relative load.
inline thread_local Loop* running_loop = nullptr;

}  // namespace asyncsim::internal

#endif  // ASYNCSIM_ENGINE_INTERNAL_RUNNING_LOOP_H_
