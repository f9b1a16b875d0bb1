#!/usr/bin/env bash
# Pull request: preview the change of the asset library and write the review comment.
#   in:  STACK (required), PROJECT_DIR (default .), OUT_DIR (default .seedance-ci), the Pulumi backend and
#        secrets environment (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE or Pulumi Cloud/ESC), gateway credentials
#        from the CI's secret store (SEEDANCE_API_KEY, VOLCENGINE_ACCESS_KEY_ID/…_SECRET_ACCESS_KEY, …).
#   out: $OUT_DIR/review.md (post it with `seedance-assets comment`), preview.json, state.json (encrypted secrets
#        only; do not publish it as an artifact).
#   exit: 0 nothing changes, 2 something changes, 1 the preview failed (review.md says why) or another error.
set -uo pipefail
: "${STACK:?set STACK to the stack the pull request changes}"
out=$(mkdir -p "${OUT_DIR:-.seedance-ci}" && cd "${OUT_DIR:-.seedance-ci}" && pwd)
cd "${PROJECT_DIR:-.}" || exit 1

pulumi stack export --stack "$STACK" >"$out/state.json" || exit 1
pulumi preview --json --non-interactive --stack "$STACK" >"$out/preview.json" 2>"$out/preview.log"
preview=$?
seedance-assets review "$out/preview.json" --state "$out/state.json" --stack "$STACK" --project-dir . \
  --out "$out/review.md" --detailed-exitcode
code=$?
# A preview that failed before printing its JSON (e.g. the program crashed) left no review: show why.
if [[ $preview -ne 0 && ! -s "$out/review.md" ]]; then cat "$out/preview.log" >&2; fi
exit "$code"
