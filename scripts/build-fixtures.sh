#!/usr/bin/env bash
# Builds the stand-ins of the proprietary parts (Java sources under fixtures/*/): each
# fixtures/<name>/build.sh is idempotent and quick when up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
for script in fixtures/*/build.sh; do
  [ -e "$script" ] || continue
  bash "$script"
done
