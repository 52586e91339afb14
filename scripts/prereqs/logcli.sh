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

build_loki_command logcli "$bin" --version LOGCLI_BIN
provide "built $bin" "$bin"
