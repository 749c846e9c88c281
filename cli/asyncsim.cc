// asyncsim: replays Python asyncio programs on a virtual clock.
//
//   asyncsim [OPTIONS] <scenario> [OPTIONS] [the program's own arguments]
//   asyncsim list
//
// See cli/app.h; the exit statuses are `ExitStatus` there.

#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli/app.h"
#include "cli/output.h"
#include "scenarios/registry.h"

int main(int argc, char** argv) {
  asyncsim::cli::FdOutput out(STDOUT_FILENO);
  return asyncsim::cli::RunCommandLine(
      std::vector<std::string>(argv + 1, argv + argc),
      asyncsim::scenarios::AllScenarios(), out, std::cerr);
}
