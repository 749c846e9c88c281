#include "scenarios/scenario.h"

#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "engine/python_repr.h"

namespace asyncsim::scenarios {

absl::Status ExpectNoArguments(std::string_view name, const Context& context) {
  if (context.args.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrFormat("%s.py takes no arguments, got %s", name,
                      PythonRepr(context.args.front())));
}

}  // namespace asyncsim::scenarios
