#!/usr/bin/env bash
# Builds and runs the C++ tests of native/core (ctest).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build/native-tests -DNODERTC_NATIVE_TESTS=ON -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} >/dev/null
cmake --build build/native-tests -j "$(nproc)"
cd build/native-tests && ctest --output-on-failure "$@"
