// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: interrupt.h
// -----------------------------------------------------------------------------
//
// Ctrl-C as a flag, for a replay paced in real time: while a
// `ScopedInterruptHandler` lives, SIGINT sets `InterruptFlag()` instead of
// killing the process, so the CLI can stop cleanly (flush what was printed,
// exit 130 as Python does on KeyboardInterrupt). The handler is reset by
// the first SIGINT: a second Ctrl-C kills the process as usual.
//
// Example:
//
//   ScopedInterruptHandler handler;
//   Pacer pacer(1.0, SystemClock(), &InterruptFlag());

#ifndef ASYNCSIM_CLI_INTERRUPT_H_
#define ASYNCSIM_CLI_INTERRUPT_H_

#include <signal.h>

#include <csignal>

namespace asyncsim::cli {

// Non-zero once SIGINT arrived under a ScopedInterruptHandler.
volatile std::sig_atomic_t& InterruptFlag();

class ScopedInterruptHandler {
 public:
  // Clears the flag and installs the handler.
  ScopedInterruptHandler();
  // Restores the previous SIGINT disposition.
  ~ScopedInterruptHandler();
  ScopedInterruptHandler(const ScopedInterruptHandler&) = delete;
  ScopedInterruptHandler& operator=(const ScopedInterruptHandler&) = delete;

 private:
  struct sigaction previous_;
};

}  // namespace asyncsim::cli

#endif  // ASYNCSIM_CLI_INTERRUPT_H_
