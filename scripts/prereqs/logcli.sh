#!/usr/bin/env bash
# Provides logcli, Loki's own query client, for the agreement tests and the paging benchmark: $LOGCLI_BIN if set,
# else one built from Grafana's Go module through the same wrapper module as Loki (loki-build/), cached by version.
# The last line of stdout is the binary's path.
set -euo pipefail
PREREQ_NAME=logcli
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

provide_from_env LOGCLI_BIN

dir="$LB_OBS_CACHE/logcli/$LOKI_VERSION"
bin="$dir/logcli"
lock_cache_dir "$dir"

if [ -x "$bin" ]; then
  provide "reused $bin" "$bin"
fi

command -v go >/dev/null || { say "Go is needed to build logcli $LOKI_VERSION (or set LOGCLI_BIN)"; exit 1; }
build_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/loki-build" && pwd)"
cd "$build_dir"

say "downloading Loki $LOKI_VERSION's modules from the Go module proxy ($(go env GOMODCACHE))"
step=$(date +%s)
nice -n 10 go mod download
say "download took $(( $(date +%s) - step )) s"

say "building logcli $LOKI_VERSION with $(go version | cut -d' ' -f3) (shares Go's build cache with Loki's build)"
step=$(date +%s)
CGO_ENABLED=0 nice -n 10 go build -trimpath -tags netgo \
  -ldflags "-s -w -X github.com/grafana/loki/v3/pkg/util/build.Version=$LOKI_VERSION -X github.com/grafana/loki/v3/pkg/util/build.Revision=$LOKI_REVISION" \
  -o "$bin.tmp" github.com/grafana/loki/v3/cmd/logcli
mv "$bin.tmp" "$bin"
say "build took $(( $(date +%s) - step )) s: $("$bin" --version 2>&1 | head -n1)"

provide "built $bin" "$bin"
