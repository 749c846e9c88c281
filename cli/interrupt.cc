#include "cli/interrupt.h"

#include <signal.h>

#include <csignal>

namespace asyncsim::cli {
namespace {

volatile std::sig_atomic_t interrupted = 0;

void OnSigint(int) { interrupted = 1; }

}  // namespace

volatile std::sig_atomic_t& InterruptFlag() { return interrupted; }

ScopedInterruptHandler::ScopedInterruptHandler() {
  interrupted = 0;
  struct sigaction action {};
  action.sa_handler = &OnSigint;
  sigemptyset(&action.sa_mask);
  // No SA_RESTART: a sleep is cut short. SA_RESETHAND: a second Ctrl-C
  // kills.
  action.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &action, &previous_);
}

ScopedInterruptHandler::~ScopedInterruptHandler() {
  sigaction(SIGINT, &previous_, nullptr);
}

}  // namespace asyncsim::cli
