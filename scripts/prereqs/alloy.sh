#!/usr/bin/env bash
# Provides the oracle of the pipeline preview's agreement test: Alloy's own loki.process stages
# (internal/component/loki/process/stages of github.com/grafana/alloy $ALLOY_VERSION) driven by
# alloy-oracle/main.go. $ALLOY_STAGES_BIN if set, else built with the machine's Go and cached by Alloy version
# and program hash. The last line of stdout is the binary's path.
#
# Why not the `alloy` binary: Alloy's go.mod replaces its syntax module by its own source folder, and the Go module
# proxy does not serve that module at the release's commit (only syntax v0.1.0), so `alloy` itself cannot be
# built from the proxy; its full build (the OpenTelemetry Collector included) would also take most of a fresh CI's
# 60 minutes on 2 cores. Alloy's stages are internal packages, so the program is built inside a copy of Alloy's
# module, with syntax v0.1.0 (enough for the stages' configuration types).
set -euo pipefail
PREREQ_NAME=alloy
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

provide_from_env ALLOY_STAGES_BIN

program="$(cd "$(dirname "${BASH_SOURCE[0]}")/alloy-oracle" && pwd)/main.go"
hash=$(sha256sum "$program" | cut -c1-12)
dir="$LB_OBS_CACHE/alloy-stages/$ALLOY_VERSION-$hash"
bin="$dir/lb-obs-alloy-stages"
lock_cache_dir "$dir"

if [ -x "$bin" ]; then
  provide "reused $bin" "$bin"
fi

command -v go >/dev/null || { say "Go is needed to build Alloy $ALLOY_VERSION's stages (or set ALLOY_STAGES_BIN)"; exit 1; }

say "downloading Alloy $ALLOY_VERSION from the Go module proxy ($(go env GOMODCACHE))"
step=$(date +%s)
module=$(cd "$dir" && go mod download -json "github.com/grafana/alloy@$ALLOY_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$module" ] || { say "the module download gave no folder"; exit 1; }
src="$dir/src"
rm -rf "$src"
cp -r "$module/." "$src"
chmod -R u+w "$src"
cd "$src"
go mod edit -dropreplace github.com/grafana/alloy/syntax
mkdir -p cmd/lb-obs-alloy-stages
cp "$program" cmd/lb-obs-alloy-stages/main.go
nice -n 10 go mod download github.com/grafana/alloy/syntax
say "download took $(( $(date +%s) - step )) s"

say "building Alloy $ALLOY_VERSION's loki.process stages with $(go version | cut -d' ' -f3) (minutes the first time)"
step=$(date +%s)
CGO_ENABLED=0 nice -n 10 go build -mod=mod -trimpath -ldflags "-s -w" -o "$bin.tmp" ./cmd/lb-obs-alloy-stages
mv "$bin.tmp" "$bin"
cd "$dir"
rm -rf "$src"
say "build took $(( $(date +%s) - step )) s"

provide "built $bin" "$bin"
