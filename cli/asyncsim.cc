// asyncsim: replays Python asyncio programs on a virtual clock.
//
//   asyncsim <scenario> [the program's own arguments]
//   asyncsim list

#include <iostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "asyncsim: replays Python asyncio programs on a virtual clock.\n"
      "Output is byte-for-byte what CPython prints; sleeps take no real "
      "time."};
  app.name("asyncsim");
  app.require_subcommand(1);
  app.add_subcommand("list", "Name the scenarios, one line each.");
  CLI11_PARSE(app, argc, argv);
  return 0;
}
