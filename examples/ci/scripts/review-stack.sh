#!/usr/bin/env bash
# Pull request: apply the library to a throwaway stack on the emulator, with no account and no network — proves the
# change deploys (names, types, media limits, quotas) before a reviewer approves it. The emulator stops with the script.
#   in:  PROJECT_DIR (default .), GATEWAY (default anyfast: the dialect to emulate), EMULATOR_PORT (default 4010),
#        OUT_DIR (default .seedance-ci).
#   exit: 0 the library deploys and destroys cleanly on the emulator; non-zero otherwise.
set -euo pipefail
gateway=${GATEWAY:-anyfast}
port=${EMULATOR_PORT:-4010}
out=$(mkdir -p "${OUT_DIR:-.seedance-ci}" && cd "${OUT_DIR:-.seedance-ci}" && pwd)
cd "${PROJECT_DIR:-.}"

# The emulator lives at most 30 minutes, and no longer than this script. Its keys are local, not secrets.
key=review-stack-api-key ak=AKLTreviewstack000000000000000000000000000000 sk=review-stack-secret-access-key
timeout 1800 seedance-assets emulator --port "$port" --processing-ms 200 \
  --api-key "$key" --access-key-id "$ak" --secret-access-key "$sk" >"$out/emulator.log" 2>&1 &
emulator=$!
trap 'kill "$emulator" 2>/dev/null || true' EXIT
# Ready when its health endpoint answers; it names each gateway's base URL.
base_url=""
for _ in $(seq 1 150); do
  kill -0 "$emulator" 2>/dev/null || { cat "$out/emulator.log" >&2; exit 1; }
  base_url=$(node -e '
    fetch(`http://127.0.0.1:${process.argv[1]}/_emulator/health`).then((r) => r.json())
      .then((h) => console.log(h.gateways.find((g) => g.name === process.argv[2]).baseUrl), () => process.exit(1));
  ' "$port" "$gateway" 2>/dev/null) && break
  sleep 0.2
done
[[ -n "$base_url" ]] || { echo "the emulator did not start on port $port:" >&2; cat "$out/emulator.log" >&2; exit 1; }

# A stack of its own in a local file backend; the emulator's keys come from the environment, as real ones would.
export PULUMI_BACKEND_URL="file://$out/review-state" PULUMI_CONFIG_PASSPHRASE="review-stack"
export SEEDANCE_API_KEY="$key" VOLCENGINE_ACCESS_KEY_ID="$ak" VOLCENGINE_SECRET_ACCESS_KEY="$sk" BYTEPLUS_ACCESS_KEY_ID="$ak" BYTEPLUS_SECRET_ACCESS_KEY="$sk"
mkdir -p "$out/review-state"
stack=review-emulator
pulumi stack init "$stack" --non-interactive >/dev/null 2>&1 || pulumi stack select "$stack" --non-interactive
pulumi config set --stack "$stack" seedance:gateway "$gateway"
pulumi config set --stack "$stack" seedance:baseUrl "$base_url"
status=0
pulumi up --yes --non-interactive --skip-preview --stack "$stack" || status=$?
pulumi destroy --yes --non-interactive --stack "$stack" >/dev/null || status=$((status ? status : 1))
pulumi stack rm --yes --force --stack "$stack" >/dev/null 2>&1 || true
exit "$status"
