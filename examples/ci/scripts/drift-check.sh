#!/usr/bin/env bash
# Nightly: has the remote asset library drifted from the stack (an asset renamed, deleted or failed in a console)?
# Reads the gateway (preview with refresh) and changes nothing: neither the gateway nor the stored state.
#   in:  STACK (required), PROJECT_DIR (default .), the Pulumi backend/secrets and gateway credentials as review.sh.
#   exit: 0 no drift; non-zero on drift (the output lists what differs) or error.
set -euo pipefail
: "${STACK:?set STACK to the stack to check}"
cd "${PROJECT_DIR:-.}"
pulumi preview --refresh --non-interactive --expect-no-changes --diff --stack "$STACK"
