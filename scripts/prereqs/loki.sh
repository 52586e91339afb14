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

build_loki_command loki "$bin" -version LOKI_BIN
provide "built $bin" "$bin"
