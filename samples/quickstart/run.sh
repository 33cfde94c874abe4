#!/usr/bin/env bash
# The quickstart: installs what Herald needs, builds it (Release), then imports the 3,500 real churn
# endpoints, computes the referral segment and sends the referral-offer campaign to the outbox.
# Output: samples/quickstart/var/ (outbox/, events.ndjson, herald.db).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bash "$root/cmake/install-deps.sh"
cmake --preset release -S "$root" >/dev/null
cmake --build "$root/build/release" --target herald-runner-plugins
cd "$root/samples/quickstart"
rm -rf var
exec "$root/build/release/bin/herald" run herald.json
