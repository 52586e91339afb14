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

# Builds Loki's command $1 (github.com/grafana/loki/v3/cmd/$1) at $LOKI_VERSION into $2 through the wrapper
# module in loki-build/, stamped with Loki's version as Loki's own build does, so that every command built there
# shares Go's module and build caches. $3 is the command's version flag, $4 the variable that would name a binary
# instead.
build_loki_command() {
  local cmd=$1 bin=$2 version_flag=$3 env_name=$4 step
  command -v go >/dev/null || { say "Go is needed to build $cmd $LOKI_VERSION (or set $env_name)"; exit 1; }
  cd "$(dirname "${BASH_SOURCE[0]}")/loki-build"

  say "downloading Loki $LOKI_VERSION and its dependencies from the Go module proxy ($(go env GOMODCACHE))"
  step=$(date +%s)
  nice -n 10 go mod download
  say "download took $(( $(date +%s) - step )) s"

  say "building $cmd $LOKI_VERSION with $(go version | cut -d' ' -f3) (several minutes the first time)"
  step=$(date +%s)
  CGO_ENABLED=0 nice -n 10 go build -trimpath -tags netgo \
    -ldflags "-s -w -X github.com/grafana/loki/v3/pkg/util/build.Version=$LOKI_VERSION -X github.com/grafana/loki/v3/pkg/util/build.Revision=$LOKI_REVISION" \
    -o "$bin.tmp" "github.com/grafana/loki/v3/cmd/$cmd"
  mv "$bin.tmp" "$bin"
  say "build took $(( $(date +%s) - step )) s: $("$bin" "$version_flag" 2>&1 | head -n1)"
}
