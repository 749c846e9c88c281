// Copyright 2026 The asyncsim Authors.
//
// Runs a program as a child process, the way a user runs it: an argv, no
// shell, stdin from /dev/null, stdout and stderr captured separately.
//
// Example:
//
//   ProcessResult r = RunProcess({AsyncsimBinary(), "chained", "9", "6"});
//   EXPECT_EQ(r.exit_status, 0);
//   EXPECT_EQ(r.out, expected_stdout);

#ifndef ASYNCSIM_TESTS_TESTING_SUBPROCESS_H_
#define ASYNCSIM_TESTS_TESTING_SUBPROCESS_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace asyncsim::testutil {

struct ProcessResult {
  // The exit code, or 128 + the signal number if a signal ended it, or -1
  // if it could not be started.
  int exit_status = -1;
  std::string out;
  std::string err;
};

// Runs argv[0] (a path, not looked up in PATH) with `argv` and the
// environment `env` ("NAME=value" strings), and waits for it.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::vector<std::string>& env);

// The same with the child's stdout on `stdout_fd` (e.g. a pipe whose read
// end is closed, or /dev/full) instead of captured: `out` stays empty.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::vector<std::string>& env, int stdout_fd);

// Runs with this process's environment minus NO_COLOR, so that runs do not
// depend on the user's colour preference.
ProcessResult RunProcess(const std::vector<std::string>& argv);

// This process's environment without the variables named in `names`.
std::vector<std::string> EnvironmentWithout(
    std::initializer_list<std::string_view> names);

// The path of the `asyncsim` binary in the test's runfiles (the test needs
// `//cli:asyncsim` in its `data`).
std::string AsyncsimBinary();

}  // namespace asyncsim::testutil

#endif  // ASYNCSIM_TESTS_TESTING_SUBPROCESS_H_
