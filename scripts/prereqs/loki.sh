#!/usr/bin/env bash
# Provides a Loki binary for the integration tests and the demo: $LOKI_BIN if set, else one built from
# Grafana's Go module (through the wrapper module in loki-build/) with the machine's Go, cached by version.
# The last line of stdout is the binary's path.
set -euo pipefail
PREREQ_NAME=loki
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

provide_from_env LOKI_BIN

dir="$LB_OBS_CACHE/loki/$LOKI_VERSION"
bin="$dir/loki"
lock_cache_dir "$dir"

if [ -x "$bin" ]; then
  provide "reused $bin" "$bin"
fi

command -v go >/dev/null || { say "Go is needed to build Loki $LOKI_VERSION (or set LOKI_BIN)"; exit 1; }
build_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/loki-build" && pwd)"
cd "$build_dir"

say "downloading Loki $LOKI_VERSION and its dependencies from the Go module proxy ($(go env GOMODCACHE))"
step=$(date +%s)
nice -n 10 go mod download
say "download took $(( $(date +%s) - step )) s"

say "building Loki $LOKI_VERSION with $(go version | cut -d' ' -f3) (several minutes the first time)"
step=$(date +%s)
CGO_ENABLED=0 nice -n 10 go build -trimpath -tags netgo \
  -ldflags "-s -w -X github.com/grafana/loki/v3/pkg/util/build.Version=$LOKI_VERSION -X github.com/grafana/loki/v3/pkg/util/build.Revision=$LOKI_REVISION" \
  -o "$bin.tmp" github.com/grafana/loki/v3/cmd/loki
mv "$bin.tmp" "$bin"
say "build took $(( $(date +%s) - step )) s: $("$bin" -version 2>&1 | head -n1)"

provide "built $bin" "$bin"
