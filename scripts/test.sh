#!/usr/bin/env bash
# What `npm test` runs: the jest suites and the native ctest suite, side by side, then one line
# "N passed, N failed" (jest's and ctest's tests added up). Exits non-zero on any failure.
# As root the whole run happens inside the test network namespace (scripts/netns.sh), where
# Chromium has addresses to use; without root jest runs as is and the Chromium suite skips.
# Arguments go to jest (e.g. `npm test -- test/e2e`).
set -uo pipefail
cd "$(dirname "$0")/.."

NS=nodertc-test
if [ "$(id -u)" = 0 ]; then
  if [ "$(ip netns identify $$ 2>/dev/null)" != "$NS" ]; then
    bash scripts/netns.sh up || exit 1
    exec ip netns exec "$NS" bash "$0" "$@"
  fi
else
  echo "test.sh: not root: no test namespace; interop suites that need it will skip" >&2
fi

RESULTS=build/test-results
mkdir -p "$RESULTS"
rm -f "$RESULTS/jest.json" "$RESULTS/native.log"

# The native build is CPU-heavy: run it at a lower priority so jest's timing stays honest.
nice -n 10 bash scripts/test-native.sh >"$RESULTS/native.log" 2>&1 &
native_pid=$!

npx jest --json --outputFile="$RESULTS/jest.json" "$@"
jest_rc=$?

wait "$native_pid"
native_rc=$?
echo "---- native tests (ctest) ----"
cat "$RESULTS/native.log"

# jest: tests that failed plus suites that could not run at all (they report no tests).
read -r jest_passed jest_failed < <(node -e '
  try {
    const r = require(process.argv[1]);
    console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites);
  } catch { console.log(0, 1); }' "$PWD/$RESULTS/jest.json")

# ctest: "NN% tests passed, F tests failed out of T"; no such line means the build failed.
summary=$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$RESULTS/native.log" | tail -n 1)
if [ -n "$summary" ]; then
  native_failed=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$summary")
  native_total=$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$summary")
  native_passed=$((native_total - native_failed))
else
  native_passed=0
  native_failed=1
fi

passed=$((jest_passed + native_passed))
failed=$((jest_failed + native_failed))
if [ "$failed" = 0 ] && { [ "$jest_rc" != 0 ] || [ "$native_rc" != 0 ]; }; then
  failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
