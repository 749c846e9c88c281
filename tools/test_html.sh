#!/usr/bin/env bash
# Loads `asyncsim --html` pages in a real headless browser (Debian's
# chromium, installed if missing) and checks what a person would see: the
# page's script ran without an error, every printed line and every task row
# is there, and a link to a moment (#t=...) fades exactly the lines printed
# after it. One test per page; ends with `N passed, N failed`.
#
#   tools/test_html.sh
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null; then
  echo "test_html: installing chromium" >&2
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends \
      chromium fonts-dejavu-core >/dev/null; } ||
    { echo "test_html: cannot install chromium" >&2; echo "0 passed, 1 failed"; exit 1; }
fi
tools/setup.sh || exit 1
bazel build -c opt //cli:asyncsim >/dev/null 2>&1 ||
  { echo "test_html: bazel build failed" >&2; echo "0 passed, 1 failed"; exit 1; }
asyncsim=$(bazel info -c opt bazel-bin 2>/dev/null)/cli/asyncsim
work=$(mktemp -d)
trap 'rm -rf "${work}"' EXIT

# The DOM after the page's scripts ran.
dom() {
  timeout 60 chromium --headless --no-sandbox --disable-gpu \
    --user-data-dir="${work}/profile" --dump-dom "$1" 2>/dev/null
}

passed=0
failed=0
check() {  # name, command line...
  local name=$1
  shift
  local page="${work}/${name}.html"
  "${asyncsim}" --html "${page}" "$@" >/dev/null 2>&1
  if [[ ! -s "${page}" ]]; then
    echo "FAIL ${name}: no page written" >&2
    failed=$((failed + 1))
    return
  fi
  local result
  result=$(python3 - "${page}" "$(dom "file://${page}")" \
    "$(dom "file://${page}#t=4.5&task=1")" <<'PY'
import re, sys
page, dom, dom_at = sys.argv[1], sys.argv[2], sys.argv[3]
src = open(page, encoding="utf-8").read()
body = re.search(r"<body([^>]*)>", dom)
if not body:
    sys.exit("no <body> in the browser's DOM")
attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', body.group(1)))
if attrs.get("data-ready") != "1":
    sys.exit("the page's script did not run to its end")
if "data-error" in attrs:
    sys.exit("script error: " + attrs["data-error"])
lines = re.findall(r'<li class="line" data-time="([0-9.]+)"', src)
rows = re.findall(r'<g class="task" data-task="(\d+)"', src)
if int(attrs.get("data-lines", -1)) != len(lines):
    sys.exit(f"{attrs.get('data-lines')} lines seen, {len(lines)} written")
if int(attrs.get("data-rows", -1)) != len(rows):
    sys.exit(f"{attrs.get('data-rows')} task rows seen, {len(rows)} written")
# At 4.5 s the lines printed later are faded, and only they.
later = sum(1 for t in lines if float(t) > 4.5)
faded = len(re.findall(r'<li class="line[^"]*\bfuture\b', dom_at))
if faded != later:
    sys.exit(f"at 4.5 s: {faded} lines faded, {later} printed later")
if rows and 'class="task hl"' not in dom_at:
    sys.exit("#task=1 highlighted no task row")
print(f"{len(lines)} lines, {len(rows)} task rows")
PY
  )
  if [[ $? -eq 0 ]]; then
    echo "ok ${name}: ${result}"
    passed=$((passed + 1))
  else
    echo "FAIL ${name}" >&2
    failed=$((failed + 1))
  fi
}

while read -r scenario _; do
  check "${scenario}" "${scenario}"
done < <("${asyncsim}" list)
check asyncq_deadlock asyncq -p 2 -c 0
check asyncq_wide asyncq -p 10 -c 20 --seed 7

echo "${passed} passed, ${failed} failed"
[[ ${failed} -eq 0 && ${passed} -gt 0 ]]
