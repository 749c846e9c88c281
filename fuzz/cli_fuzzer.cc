// libFuzzer target: the command line. The input is an argv (arguments
// separated by NUL bytes) given to `cli::RunCommandLine` in-process over the
// real scenarios, stdout to /dev/null. Whatever the arguments, the result
// must be output or a clean error: no crash, no sanitizer report, an exit
// status from the documented set, a bad argument reported as exactly one
// line on stderr, and never "the two runs differ" (the scenarios are
// deterministic, so --check-determinism in an input must always agree).
//
// Every run is capped by RunBounds (steps, virtual time, tasks), which the
// arguments can tighten but not lift: an input cannot run for long, and a
// huge -p/-c must be refused before anything is created. --speed replays
// are paced by a clock that does not really sleep. Inputs naming --trace or
// --svg are skipped: they write files wherever the input says.
//
// Build and run: see fuzz/BUILD.bazel.

#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "cli/app.h"
#include "cli/output.h"
#include "cli/pacer.h"
#include "scenarios/registry.h"

namespace {

[[noreturn]] void Fail(const std::vector<std::string>& args, int status,
                       const std::string& err, const char* why) {
  std::fprintf(stderr, "cli_fuzzer: %s (exit status %d) for asyncsim", why,
               status);
  for (const std::string& arg : args)
    std::fprintf(stderr, " '%s'", arg.c_str());
  std::fprintf(stderr, "\nstderr:\n%s\n", err.c_str());
  std::abort();
}

// Real time for --speed that passes without waiting.
class NoSleepClock final : public asyncsim::cli::RealClock {
 public:
  absl::Time Now() override { return now_; }
  void SleepFor(absl::Duration d) override { now_ += d; }

 private:
  absl::Time now_ = absl::UnixEpoch();
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace cli = asyncsim::cli;
  static const int dev_null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  std::vector<std::string> args;
  std::string arg;
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == '\0') {
      args.push_back(std::move(arg));
      arg.clear();
    } else {
      arg.push_back(static_cast<char>(data[i]));
    }
  }
  if (size > 0 && data[size - 1] != '\0') args.push_back(std::move(arg));
  for (const std::string& a : args) {
    if (a.starts_with("--trace") || a.starts_with("--svg")) return 0;
  }

  std::ostringstream err;
  int status;
  {
    cli::FdOutput out(dev_null);
    NoSleepClock real_clock;
    status = cli::RunCommandLine(
        args, asyncsim::scenarios::AllScenarios(), out, err, &real_clock,
        {.max_steps = 20000, .horizon = absl::Hours(1), .max_tasks = 2000});
  }
  const std::string text = err.str();
  switch (status) {
    case cli::kExitOk:
    case cli::kExitDeadlock:
    case cli::kExitLimit:
      break;
    case cli::kExitException:
      // The real scenarios raise nothing: a status 1 is a bug.
      Fail(args, status, text, "an exception escaped a scenario");
    case cli::kExitUsage:
      if (text.empty() || text.back() != '\n' ||
          text.find('\n') != text.size() - 1) {
        Fail(args, status, text, "a usage error that is not one line");
      }
      break;
    case cli::kExitNondeterministic:
      Fail(args, status, text, "a scenario was not deterministic");
    default:
      Fail(args, status, text, "an undocumented exit status");
  }
  return 0;
}
