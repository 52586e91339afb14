# Sourced by the prerequisite scripts: where the cache lives and how progress is reported.
# Progress goes to stderr, so that a script's stdout ends with the one path its caller needs.

source "$(dirname "${BASH_SOURCE[0]}")/versions.env"
LB_OBS_CACHE="${LB_OBS_CACHE:-$HOME/.cache/lb-observability}"
PREREQ_STARTED=$(date +%s.%N)

say() {
  echo "[prereq ${PREREQ_NAME}] $*" >&2
}

# Prints how long the script took, with what it did ("reused", "installed", ...).
finish() {
  local elapsed
  elapsed=$(awk -v s="$PREREQ_STARTED" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
  say "$1 in ${elapsed} s"
}
