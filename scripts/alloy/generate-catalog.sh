#!/usr/bin/env bash
# Regenerates schemas/alloy/components.json from Alloy's source at the version below (Go module proxy).
# Usage: scripts/alloy/generate-catalog.sh [output file]   (default: schemas/alloy/components.json)
set -euo pipefail
ALLOY_VERSION=v1.11.0
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../../schemas/alloy/components.json}"
export PATH="$PATH:/usr/local/go/bin"
dir="$(cd "$here/catalog" && go mod download -json "github.com/grafana/alloy@$ALLOY_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
[ -n "$dir" ] || { echo "could not download github.com/grafana/alloy@$ALLOY_VERSION" >&2; exit 1; }
# stage.template's functions come from sprig, at the version Alloy's go.mod requires.
sprig_version="$(sed -n 's#^\tgithub.com/Masterminds/sprig/v3 \(v[^ ]*\).*#\1#p' "$dir/go.mod")"
sprig="$(cd "$here/catalog" && go mod download -json "github.com/Masterminds/sprig/v3@$sprig_version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
[ -n "$sprig" ] || { echo "could not download github.com/Masterminds/sprig/v3@$sprig_version" >&2; exit 1; }
(cd "$here/catalog" && go run . "$dir" "$ALLOY_VERSION" "$sprig") > "$out.tmp"
mv "$out.tmp" "$out"
