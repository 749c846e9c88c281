#!/usr/bin/env bash
# Runs the whole test suite and ends with one line: `N passed, N failed`.
#
#   tools/test.sh                  the suite as normally built
#   tools/test.sh --config=asan    under AddressSanitizer + LeakSanitizer
#   tools/test.sh --config=ubsan   under UndefinedBehaviorSanitizer
#
# The plain run (no arguments) also builds tests/consumer_workspace, a
# separate workspace that uses the engine as `@asyncsim//engine`, and counts
# it as one test (tools/test_consumer_workspace.sh).
#
# Installs what the build needs first (tools/setup.sh, a no-op when all is
# there). Exits non-zero when a test failed or no test ran.
set -uo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh || exit 1

bazel test //... "$@"
bazel_status=$?

mapfile -t targets < <(bazel query 'tests(//...)' 2>/dev/null)
testlogs=$(bazel info "$@" bazel-testlogs 2>/dev/null)
read -r passed failed skipped < <(python3 tools/count_junit.py "$testlogs" "${targets[@]}")

if [[ $# -eq 0 ]]; then
  if tools/test_consumer_workspace.sh; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
fi

line="${passed} passed, ${failed} failed"
[[ ${skipped} -gt 0 ]] && line+=", ${skipped} skipped"
echo "${line}"
if [[ ${bazel_status} -ne 0 || ${failed} -gt 0 || ${passed} -eq 0 ]]; then
  exit 1
fi
