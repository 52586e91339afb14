#!/usr/bin/env bash
# Builds the Loki schema generator (this folder's Go module), cached by Loki version and by the hash of its
# sources, and prints the binary's path as the last line of stdout.
# Regenerate the committed schema: "$(bash scripts/loki-schema/build.sh)" -version v3.7.6 > schemas/loki/loki-config.schema.json
set -euo pipefail
PREREQ_NAME=loki-schema
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../prereqs/common.sh"

hash=$(cat "$here"/*.go "$here/go.mod" "$here/go.sum" | sha256sum | cut -c1-12)
dir="$LB_OBS_CACHE/loki-schema/$LOKI_VERSION-$hash"
bin="$dir/loki-schema"
lock_cache_dir "$dir"
if [ -x "$bin" ]; then
  provide "reused $bin" "$bin"
fi
command -v go >/dev/null || { say "Go is needed to build the Loki schema generator"; exit 1; }
say "building the Loki $LOKI_VERSION schema generator (several minutes the first time; shares Go's build cache with the Loki build)"
cd "$here"
CGO_ENABLED=0 nice -n 10 go build -trimpath -tags netgo -o "$bin.tmp" .
mv "$bin.tmp" "$bin"
provide "built $bin" "$bin"
