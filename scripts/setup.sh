#!/usr/bin/env bash
# Installs the Debian 12 packages lightind needs, when they are missing. Idempotent.
set -euo pipefail
pkgs=(cmake ninja-build g++ pkg-config git
      libeigen3-dev coinor-libclp-dev libtomlplusplus-dev libcli11-dev libfmt-dev
      libsqlite3-dev sqlite3 nlohmann-json3-dev libtbb-dev libopenmpi-dev openmpi-bin
      libpcg-cpp-dev libcpp-httplib-dev pybind11-dev python3-dev python3-numpy python3-scipy python3-pandas python3-pytest
      jupyter-nbconvert python3-ipykernel
      libnlopt-cxx-dev libboost-dev
      libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev glpk-utils
      nodejs chromium)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Front-end packages (the charting library bundled into the program, playwright-core for the
# browser tests) from the committed lockfile, when they are missing.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -f "$root/web/node_modules/echarts/dist/echarts.min.js" ] || [ ! -d "$root/web/node_modules/playwright-core" ]; then
  echo "setup: npm ci --prefix web"
  npm ci --prefix "$root/web" --no-audit --no-fund
fi
