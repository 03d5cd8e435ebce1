#!/usr/bin/env bash
# Soak test, not run in CI: 8 cameras for 10 minutes; RSS must stay within 10 % of its
# post-warm-up level and the open file descriptors must not grow. Options: scripts/soak.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build >/dev/null
exec node scripts/soak.mjs "$@"
