// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: output.h
// -----------------------------------------------------------------------------
//
// `FdOutput` is the CLI's stdout: a scenario's `print` lines, buffered and
// written to a file descriptor in large blocks (no flush per line, even to a
// pipe or a terminal).
//
// Call `Flush()` before anything is written to stderr, so that the two
// streams appear in the order they were produced; the destructor flushes
// too. A write error (a closed pipe, a full disk) drops the rest of the
// output, is reported by `ok()`, and aborts the event loop running on this
// thread, if any (Loop::Abort): a program whose output cannot be written
// stops at once rather than run on unseen. (asyncsim ignores SIGPIPE, so
// that a closed pipe is such an error rather than a signal.)
//
// Example:
//
//   FdOutput out(STDOUT_FILENO);
//   out.Print("One");
//   out.Flush();

#ifndef ASYNCSIM_CLI_OUTPUT_H_
#define ASYNCSIM_CLI_OUTPUT_H_

#include <cerrno>
#include <string>
#include <string_view>

#include "scenarios/scenario.h"

namespace asyncsim::cli {

class FdOutput final : public scenarios::Output {
 public:
  explicit FdOutput(int fd);
  FdOutput(const FdOutput&) = delete;
  FdOutput& operator=(const FdOutput&) = delete;
  ~FdOutput() override;

  void Print(std::string_view line) override;
  // Text as is (no newline added), e.g. help text.
  void Write(std::string_view text);
  // Writes everything buffered.
  void Flush();
  // False once a write failed.
  bool ok() const { return ok_; }
  // True if the write failed because the reader had gone (EPIPE).
  bool broken_pipe() const { return error_ == EPIPE; }
  // The failed write's error, e.g. "No space left on device"; empty if ok().
  std::string error() const;

 private:
  static constexpr size_t kCapacity = 64 * 1024;

  int fd_;
  bool ok_ = true;
  int error_ = 0;
  std::string buffer_;
};

}  // namespace asyncsim::cli

#endif  // ASYNCSIM_CLI_OUTPUT_H_
