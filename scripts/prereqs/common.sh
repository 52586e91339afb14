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

# Ends the script with the path on stdout, after saying what was done ("reused <path>", ...).
provide() {
  finish "$1"
  echo "$2"
  exit 0
}

# The binary an environment variable (named by $1) points at, when it is set: provided as is.
provide_from_env() {
  local name=$1 value=${!1:-}
  [ -n "$value" ] || return 0
  [ -x "$value" ] || { say "$name=$value is not an executable file"; exit 1; }
  provide "using $name=$value" "$value"
}

# Creates the cache folder and holds its lock until the script ends: one install at a time, and a second run
# waits for the first one's result instead of doing the work again.
lock_cache_dir() {
  mkdir -p "$1"
  exec 9>"$1/.lock"
  flock 9
}
