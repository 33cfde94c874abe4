#!/usr/bin/env bash
# The whole test suite: installs build dependencies and real test peers, builds the optimized tree
# and runs every test (PostgreSQL started here on 127.0.0.1), runs the unit and loader tests again
# under AddressSanitizer + UBSan, and the benchmarks at smoke scale.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash cmake/install-deps.sh --test
jobs=$(nproc)

echo "== release build"
cmake --preset release >/dev/null
cmake --build build/release -j"$jobs"

echo "== PostgreSQL on 127.0.0.1"
bash tests/peers/pg_down.sh >/dev/null 2>&1 || true   # a cluster left by an interrupted run
HERALD_TEST_PG_URL="$(bash tests/peers/pg_up.sh)"
export HERALD_TEST_PG_URL
trap 'bash tests/peers/pg_down.sh >/dev/null 2>&1 || true' EXIT

echo "== tests (release)"
ctest --test-dir build/release --output-on-failure -j"$jobs" --timeout 600 | tee build/release/ctest.log
# The PostgreSQL half of the store tests must have run, not skipped.
pg_ran=$(grep -ciE 'postgresql.* Passed' build/release/ctest.log || true)
pg_skipped=$(grep -ciE 'postgresql.*(Skipped|Not Run)' build/release/ctest.log || true)
if [ "$pg_ran" -eq 0 ] || [ "$pg_skipped" -ne 0 ]; then
  echo "PostgreSQL store tests did not run (passed: $pg_ran, skipped: $pg_skipped)" >&2
  exit 1
fi
echo "PostgreSQL store tests passed: $pg_ran"

echo "== unit and loader tests under ASan + UBSan"
cmake --preset asan >/dev/null
cmake --build build/asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 ctest --test-dir build/asan --output-on-failure -j"$jobs" -L 'unit|loader' --timeout 600 \
  | tee build/asan/ctest.log

echo "== benchmarks (smoke scale)"
bash tests/bench/run.sh --smoke

# One closing line over both test runs (ctest's own lines are above).
count() { grep -oE "tests failed out of [0-9]+" "$1" | grep -oE "[0-9]+$"; }
failed() { grep -oE "[0-9]+ tests failed out of" "$1" | grep -oE "^[0-9]+"; }
total=$(( $(count build/release/ctest.log) + $(count build/asan/ctest.log) ))
bad=$(( $(failed build/release/ctest.log) + $(failed build/asan/ctest.log) ))
echo "tests: $(( total - bad )) passed, $bad failed"
