#!/usr/bin/env bash
# Builds tests/consumer_workspace, a separate Bazel workspace that uses the
# engine through `local_repository` and `@asyncsim//engine`, runs its
# program and compares the output with CPython's for the same Python
# program on the oracle's virtual clock. Ends with one line
# `N passed, N failed` (one test).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
example=tests/consumer_workspace

fail() {
  echo "consumer workspace: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

expected=$(python3 tools/oracle/run.py "${example}/workers.py") ||
  fail "the oracle could not run workers.py"
(cd "${example}" && bazel build //:workers) || fail "bazel build failed"
actual=$(cd "${example}" && ./bazel-bin/workers) ||
  fail "workers exited with status $?"
# The second workspace's Bazel server is not needed any more.
(cd "${example}" && bazel shutdown) >/dev/null 2>&1
if [[ "${actual}" != "${expected}" ]]; then
  diff <(echo "${expected}") <(echo "${actual}") >&2
  fail "workers printed something else than CPython (diff: CPython, asyncsim)"
fi
echo "consumer workspace: @asyncsim//engine builds and runs in ${root}/${example}"
echo "1 passed, 0 failed"
