// Copyright 2026 The asyncsim Authors.
//
// Test helpers shared by the engine tests.
//
// `Trace` collects what a test program prints, one line per `Print`, each
// prefixed with the virtual time as the CPython order programs print it
// (`f"{loop.time():.3f} {text}"`), so that a C++ port of such a program can
// be compared with its golden trace line for line.
//
// `Lifetimes` counts live `Lifetimes::Token`s: put a token in every
// coroutine of a test program, and `live() == 0` after the run proves that
// every coroutine frame was destroyed (no leak).

#ifndef ASYNCSIM_TESTS_TESTING_TRACE_H_
#define ASYNCSIM_TESTS_TESTING_TRACE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace asyncsim::testutil {

// Python's str(bool), for `trace.Log(..., Py(lock.locked()))`.
inline const char* Py(bool b) { return b ? "True" : "False"; }

// Python's repr() of a float: the shortest digits that read back the same
// double, in fixed notation for exponents -4 to 15 ("0.30000000000000004",
// "1.0", "33554433.00000001"), else scientific ("1e-10", "1e+16").
std::string PyFloat(double value);

class Trace {
 public:
  // Appends "<virtual seconds, 3 decimals> <text>" using the running loop's
  // clock (0.000 when no loop runs).
  void Print(std::string_view text);
  // Python's `print(time, *parts)`: the parts joined by single spaces.
  template <typename... Parts>
  void Log(const Parts&... parts) {
    Print(absl::StrJoin({absl::StrCat(parts)...}, " "));
  }
  const std::vector<std::string>& lines() const { return lines_; }
  // All lines, each ending in '\n'.
  std::string Text() const;

 private:
  std::vector<std::string> lines_;
};

// A Python `finally:` block that logs "<name> finally" when its scope ends,
// normally or by an exception (including a cancellation):
//
//   testutil::Finally finally(trace, name);
class Finally {
 public:
  Finally(Trace& trace, std::string name)
      : trace_(trace), name_(std::move(name)) {}
  Finally(const Finally&) = delete;
  Finally& operator=(const Finally&) = delete;
  ~Finally() { trace_.Log(name_, "finally"); }

 private:
  Trace& trace_;
  std::string name_;
};

class Lifetimes {
 public:
  class Token {
   public:
    explicit Token(Lifetimes* owner) : owner_(owner) {
      ++owner_->live_;
      ++owner_->created_;
    }
    Token(Token&& other) noexcept : owner_(other.owner_) {
      other.owner_ = nullptr;
    }
    Token& operator=(Token&&) = delete;
    ~Token() {
      if (owner_ != nullptr) --owner_->live_;
    }

   private:
    Lifetimes* owner_;
  };

  Token Make() { return Token(this); }
  int live() const { return live_; }
  int created() const { return created_; }

 private:
  int live_ = 0;
  int created_ = 0;
};

// The contents of a file in the test's runfiles (path relative to the
// workspace root, e.g. "tests/cpython/ties.golden"). Fails the test if it
// cannot be read.
std::string ReadRunfile(const std::string& path);

// The golden trace of the CPython order program tests/cpython/<name>.py.
std::string CpythonGolden(const std::string& name);

}  // namespace asyncsim::testutil

#endif  // ASYNCSIM_TESTS_TESTING_TRACE_H_
