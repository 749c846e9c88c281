// Copyright 2026 The asyncsim Authors.
//
// Runs one of the real scenarios in-process under a `cli::Recorder`, as
// `asyncsim --timeline` does, for tests of what is drawn from the recording.
//
// Example:
//
//   RecordedRun run = RecordScenario("chained", {"1", "2", "3"});
//   ASSERT_TRUE(run.status.ok());
//   run.recording.tasks.size();  // 4: Task-1 and chain(1..3)

#ifndef ASYNCSIM_TESTS_TESTING_RECORD_H_
#define ASYNCSIM_TESTS_TESTING_RECORD_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "cli/recorder.h"

namespace asyncsim::testutil {

struct RecordedRun {
  // The scenario's status.
  absl::Status status;
  // What it printed.
  std::string out;
  cli::Recording recording;
};

// Runs scenario `name` with `args` and seed `seed` (a Python int); fails the
// test if there is no such scenario.
RecordedRun RecordScenario(std::string_view name,
                           const std::vector<std::string>& args = {},
                           std::string_view seed = "444");

}  // namespace asyncsim::testutil

#endif  // ASYNCSIM_TESTS_TESTING_RECORD_H_
