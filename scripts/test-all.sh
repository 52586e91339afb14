#!/usr/bin/env bash
# The project's single test command (README "Testing"; CI runs it through .ci/run with CI=true):
# installs the npm packages and the test prerequisites (cached outside the clone, see scripts/prereqs/),
# then builds and runs every suite. Outside CI a prerequisite that cannot be provided only makes its
# suites skip, with the reason printed; with CI=true it fails the run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

timings=()
seconds_since() {
  awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'
}

# Runs a prerequisite script; its last stdout line (a path, if any) goes into the variable named $1.
prereq() {
  local var=$1 title=$2 script=$3 started out
  started=$(date +%s.%N)
  echo "== prerequisite $title: $script"
  if out=$(bash "$script"); then
    timings+=("$title: $(seconds_since "$started") s")
    [ -z "$var" ] || export "$var=$(tail -n1 <<<"$out")"
  else
    timings+=("$title: FAILED after $(seconds_since "$started") s")
    if [ "${CI:-}" = "true" ]; then
      echo "== prerequisite $title failed (CI=true: failing the run)" >&2
      exit 1
    fi
    echo "== prerequisite $title failed: the suites that need it will be skipped" >&2
  fi
}

started=$(date +%s.%N)
echo "== npm ci"
npm ci --no-audit --no-fund
timings+=("npm ci: $(seconds_since "$started") s")

prereq "" "debian packages" scripts/prereqs/debian.sh
prereq LOKI_BIN "loki" scripts/prereqs/loki.sh
prereq LOGCLI_BIN "logcli" scripts/prereqs/logcli.sh
prereq ALLOY_STAGES_BIN "alloy stages" scripts/prereqs/alloy.sh
prereq CODE_SERVER_BIN "code-server" scripts/prereqs/code-server.sh
if [ -z "${CHROMIUM_BIN:-}" ] && [ -x /usr/bin/chromium ]; then
  export CHROMIUM_BIN=/usr/bin/chromium
fi

echo "== prerequisites"
printf '   %s\n' "${timings[@]}"
echo "   LOKI_BIN=${LOKI_BIN:-<none>}"
echo "   LOGCLI_BIN=${LOGCLI_BIN:-<none>}"
echo "   ALLOY_STAGES_BIN=${ALLOY_STAGES_BIN:-<none>}"
echo "   CODE_SERVER_BIN=${CODE_SERVER_BIN:-<none>}"
echo "   CHROMIUM_BIN=${CHROMIUM_BIN:-<none>}"

started=$(date +%s.%N)
status=0
node scripts/run-tests.mjs || status=$?
echo "== tests finished in $(seconds_since "$started") s (exit $status)"
exit "$status"
