#include "tests/testing/record.h"

#include <sys/mman.h>
#include <unistd.h>

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "cli/output.h"
#include "cli/recorder.h"
#include "engine/clock.h"
#include "engine/python_int.h"
#include "gtest/gtest.h"
#include "scenarios/registry.h"
#include "scenarios/scenario.h"

namespace asyncsim::testutil {
namespace {

// The program's stdout: each line to `out` and to the recorder.
class RecordingOutput final : public scenarios::Output {
 public:
  RecordingOutput(const VirtualClock& clock, cli::FdOutput& out,
                  cli::Recorder& recorder)
      : clock_(clock), out_(out), recorder_(recorder) {}
  void Print(std::string_view line) override {
    recorder_.OnPrint(clock_.Now(), line);
    out_.Print(line);
  }

 private:
  const VirtualClock& clock_;
  cli::FdOutput& out_;
  cli::Recorder& recorder_;
};

}  // namespace

RecordedRun RecordScenario(std::string_view name,
                           const std::vector<std::string>& args,
                           std::string_view seed) {
  RecordedRun run;
  const scenarios::Scenario* scenario = scenarios::FindScenario(name);
  if (scenario == nullptr) {
    ADD_FAILURE() << "no scenario " << name;
    return run;
  }
  absl::StatusOr<PythonInt> seed_value = ParsePythonInt(seed);
  if (!seed_value.ok()) {
    ADD_FAILURE() << "bad seed " << seed;
    return run;
  }
  const int fd = memfd_create("stdout", 0);
  EXPECT_GE(fd, 0);
  {
    VirtualClock clock;
    cli::Recorder recorder;
    cli::FdOutput fd_output(fd);
    RecordingOutput out(clock, fd_output, recorder);
    scenarios::Context context{
        .clock = clock,
        .out = out,
        .seed = *seed_value,
        .run_options = {.clock = &clock, .observer = &recorder},
        .args = args,
    };
    run.status = scenario->main(context);
    run.recording = recorder.Finish(clock.Now());
  }
  const off_t size = lseek(fd, 0, SEEK_END);
  run.out.resize(static_cast<size_t>(size));
  EXPECT_EQ(pread(fd, run.out.data(), run.out.size(), 0), size);
  close(fd);
  return run;
}

}  // namespace asyncsim::testutil
