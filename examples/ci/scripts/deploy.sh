#!/usr/bin/env bash
# Merge to the main branch: make the remote asset library match the declared one, then prove it does.
#   in:  STACK (required), PROJECT_DIR (default .), the Pulumi backend/secrets and gateway credentials as review.sh.
#   `--continue-on-error` makes the update go as far as it can and report every failed asset at the end; a rerun
#   converges (README "When a run fails or is interrupted").
set -euo pipefail
: "${STACK:?set STACK to the stack to deploy}"
cd "${PROJECT_DIR:-.}"
pulumi up --yes --non-interactive --skip-preview --continue-on-error --stack "$STACK"
# Nothing left to do: the remote library is the declared one.
pulumi preview --non-interactive --expect-no-changes --stack "$STACK"
