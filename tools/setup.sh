#!/usr/bin/env bash
# Installs the Debian packages that building and testing asyncsim needs.
#
# Idempotent and cheap: when everything is installed it only asks dpkg and
# exits; `apt-get update` runs only when something is missing.
#
#   tools/setup.sh            build + test dependencies
#   tools/setup.sh --fuzz     also clang and libFuzzer's runtime
set -euo pipefail

packages=(
  bazel-bootstrap    # Bazel 4.2.3, works offline
  bazel-rules-java   # @rules_java for Bazel's own toolchain registration
  g++                # C++20 coroutines
  libabsl-dev        # Abseil
  libcli11-dev       # CLI11
  libgtest-dev       # GoogleTest
  libgmock-dev       # GoogleMock
  libbenchmark-dev   # Google Benchmark
)
if [[ "${1:-}" == "--fuzz" ]]; then
  packages+=(clang-14 libclang-rt-14-dev)
fi

missing=()
# tools/test.sh counts results with python3; the image may bring its own.
command -v python3 >/dev/null || packages+=(python3)
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup: run as root to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive DEBCONF_NOWARNINGS=yes
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done" >&2
