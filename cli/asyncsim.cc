// asyncsim: replays Python asyncio programs on a virtual clock.
//
//   asyncsim [OPTIONS] <scenario> [OPTIONS] [the program's own arguments]
//   asyncsim list
//
// See cli/app.h; the exit statuses are `ExitStatus` there.

#include <unistd.h>

#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "cli/app.h"
#include "cli/file_output.h"
#include "cli/output.h"
#include "scenarios/registry.h"

int main(int argc, char** argv) {
  // Before anything opens a file: a closed stdout or stderr must not be
  // reused for --trace or --svg (cli/file_output.h).
  asyncsim::cli::GuardStandardDescriptors();
  // A reader that goes away (`asyncsim ... | head -1`) is then a write
  // error, EPIPE, that stops the run quietly with status 141, instead of a
  // signal that kills the process wherever it is.
  std::signal(SIGPIPE, SIG_IGN);
  // Likewise a file grown past `ulimit -f` is a write error, EFBIG, that
  // the run reports (and --trace and --svg leave no part of a file),
  // instead of SIGXFSZ killing the process.
  std::signal(SIGXFSZ, SIG_IGN);
  asyncsim::cli::FdOutput out(STDOUT_FILENO);
  return asyncsim::cli::RunCommandLine(
      std::vector<std::string>(argv + 1, argv + argc),
      asyncsim::scenarios::AllScenarios(), out, std::cerr);
}
