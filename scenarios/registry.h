// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: registry.h
// -----------------------------------------------------------------------------
//
// The scenarios the `asyncsim` CLI knows, in `asyncsim list` order.
//
// Adding a scenario takes one new file, `scenarios/<name>.cc`, defining
//
//   extern const Scenario kName;
//   constinit const Scenario kName = {.name = "<name>", ...};
//
// and one line, `X(kName)`, in the list in `scenarios/registry.cc`. There
// is no self-registration by static initialisers: the table is a constant.
//
// Example:
//
//   for (const Scenario* scenario : AllScenarios()) {
//     std::cout << scenario->name << "\n";
//   }
//   const Scenario* chained = FindScenario("chained");

#ifndef ASYNCSIM_SCENARIOS_REGISTRY_H_
#define ASYNCSIM_SCENARIOS_REGISTRY_H_

#include <string_view>

#include "absl/types/span.h"
#include "scenarios/scenario.h"

namespace asyncsim::scenarios {

// Every scenario, in `asyncsim list` order.
absl::Span<const Scenario* const> AllScenarios();

// The scenario called `name`, or null.
const Scenario* FindScenario(std::string_view name);

}  // namespace asyncsim::scenarios

#endif  // ASYNCSIM_SCENARIOS_REGISTRY_H_
