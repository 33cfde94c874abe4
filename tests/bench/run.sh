#!/usr/bin/env bash
# Benchmarks. Full scale (100,000 and 1,000,000 endpoints): `bash tests/bench/run.sh`.
# Smoke scale for CI: `bash tests/bench/run.sh --smoke` (checks the harness and prints the figures).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
herald="${HERALD_BIN:-$root/build/release/bin/herald}"
[ -x "$herald" ] || { echo "build first: cmake --preset release && cmake --build build/release (or set HERALD_BIN)" >&2; exit 1; }
# SQLite alone writing what the import and the send write: the engine's ceiling under the targets.
ceiling="$(dirname "$herald")/store_ceiling_bench"
if [ "${1:-}" = "--smoke" ]; then
  /usr/bin/python3 "$root/tests/bench/bench_quickstart.py" --herald "$herald" --scales 2000,20000
  scale=5000
else
  /usr/bin/python3 "$root/tests/bench/bench_quickstart.py" --herald "$herald" --scales 100000,1000000 "$@"
  scale=100000
fi
if [ -x "$ceiling" ]; then
  "$ceiling" --benchmark_filter="/$scale/"
else
  echo "($ceiling not built: configure with HERALD_BUILD_BENCH=ON)"
fi
