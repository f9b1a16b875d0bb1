#!/usr/bin/env bash
# Nightly, non-gating: verify the live gateway against this package's Pact contract and keep the report.
#   in:  GATEWAY (required), BASE_URL (optional: another endpoint of the gateway), OUT_DIR (default .seedance-ci),
#        the gateway's credentials from the CI's secret store (see `seedance-assets verify --help`).
#   out: $OUT_DIR/verify-$GATEWAY.md (publish it as an artifact).
#   exit: 0 compatible, 1 incompatible, 2 configuration error.
set -uo pipefail
: "${GATEWAY:?set GATEWAY to the gateway to verify, e.g. byteplus}"
out=$(mkdir -p "${OUT_DIR:-.seedance-ci}" && cd "${OUT_DIR:-.seedance-ci}" && pwd)
args=(verify --gateway "$GATEWAY" --report "$out/verify-$GATEWAY.md")
[[ -n "${BASE_URL:-}" ]] && args+=(--base-url "$BASE_URL")
seedance-assets "${args[@]}"
