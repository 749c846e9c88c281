#!/usr/bin/env bash
# Runs the whole test suite and ends with one line: `N passed, N failed`.
#
#   tools/test.sh                  the suite as normally built
#   tools/test.sh --config=asan    under AddressSanitizer + LeakSanitizer
#   tools/test.sh --config=ubsan   under UndefinedBehaviorSanitizer
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

line="${passed} passed, ${failed} failed"
[[ ${skipped} -gt 0 ]] && line+=", ${skipped} skipped"
echo "${line}"
if [[ ${bazel_status} -ne 0 || ${failed} -gt 0 || ${passed} -eq 0 ]]; then
  exit 1
fi
