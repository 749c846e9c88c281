#include "scenarios/registry.h"

#include <string_view>

#include "absl/types/span.h"
#include "scenarios/scenario.h"

namespace asyncsim::scenarios {

// The scenarios, one line each, in `asyncsim list` order. `X(kName)` stands
// for `const Scenario kName`, defined in `scenarios/<name>.cc`.
#define ASYNCSIM_SCENARIOS(X) \
  X(kCountSync)               \
  X(kCountAsync)              \
  X(kRand)                    \
  X(kChained)                 \
  X(kAsyncq)

#define ASYNCSIM_DECLARE_SCENARIO(scenario) extern const Scenario scenario;
#define ASYNCSIM_SCENARIO_ADDRESS(scenario) &scenario,

ASYNCSIM_SCENARIOS(ASYNCSIM_DECLARE_SCENARIO)

namespace {

constexpr const Scenario* kScenarios[] = {
    ASYNCSIM_SCENARIOS(ASYNCSIM_SCENARIO_ADDRESS)};

}  // namespace

#undef ASYNCSIM_SCENARIO_ADDRESS
#undef ASYNCSIM_DECLARE_SCENARIO
#undef ASYNCSIM_SCENARIOS

absl::Span<const Scenario* const> AllScenarios() { return kScenarios; }

const Scenario* FindScenario(std::string_view name) {
  for (const Scenario* scenario : kScenarios) {
    if (scenario->name == name) return scenario;
  }
  return nullptr;
}

}  // namespace asyncsim::scenarios
