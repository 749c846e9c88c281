#!/usr/bin/env bash
# Builds the libFuzzer targets (//fuzz, clang 14) and runs each for a
# bounded time, starting from its committed seed corpus (fuzz/corpus/NAME).
# Ends with one line, `N passed, N failed`: a target passes when it found
# nothing in its time.
#
#   tools/fuzz.sh               25 seconds per target (what CI runs)
#   tools/fuzz.sh 600           ten minutes per target
#   tools/fuzz.sh 600 engine    one target
#
# New corpus entries and crash reproducers go to a scratch directory
# (printed), never into fuzz/corpus/: the committed seeds stay small. To
# replay a reproducer: bazel-bin/fuzz/NAME_fuzzer FILE (after building with
# --config=fuzz).
set -uo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh --fuzz || exit 1

seconds="${1:-25}"
targets=("${@:2}")
[[ ${#targets[@]} -eq 0 ]] && targets=(cli engine)

labels=()
for t in "${targets[@]}"; do labels+=("//fuzz:${t}_fuzzer"); done
bazel build --config=fuzz "${labels[@]}" || {
  echo "0 passed, ${#targets[@]} failed"
  exit 1
}
bin=$(bazel info --config=fuzz bazel-bin 2>/dev/null)

scratch=$(mktemp -d -t asyncsim-fuzz.XXXXXX)
echo "fuzz: scratch corpora and reproducers in ${scratch}"
passed=0
failed=0
for t in "${targets[@]}"; do
  mkdir -p "${scratch}/${t}/corpus" "${scratch}/${t}/artifacts"
  log="${scratch}/${t}/log"
  echo "=== ${t}_fuzzer, ${seconds} s"
  # -max_len: arguments and programs of a few hundred bytes reach every
  # branch; longer ones only make each run slower. -rss_limit_mb: a run
  # that needs more is a resource bug worth a report.
  "${bin}/fuzz/${t}_fuzzer" -max_total_time="${seconds}" -max_len=512 \
      -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
      -artifact_prefix="${scratch}/${t}/artifacts/" \
      "${scratch}/${t}/corpus" "fuzz/corpus/${t}" >"${log}" 2>&1
  status=$?
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "${log}"
  if [[ ${status} -eq 0 ]]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "fuzz: ${t}_fuzzer found a bug (exit ${status}):"
    grep -E 'ERROR|SUMMARY|invariant|cli_fuzzer:|Test unit written' "${log}" | head -n 20
    ls "${scratch}/${t}/artifacts"
  fi
done
echo "${passed} passed, ${failed} failed"
[[ ${failed} -eq 0 ]]
