#!/usr/bin/env bash
# Installs the Debian packages the tests and benchmarks use, only those missing.
#   chromium (e2e browser), unzip (listing the packaged .vsix), libkrb5-dev (code-server's native module), ripgrep (code-server's search),
#   jq, lnav, hyperfine (benchmarks).
set -euo pipefail
PREREQ_NAME=debian
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

packages=(chromium libkrb5-dev ripgrep jq lnav hyperfine unzip)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  finish "all present (${packages[*]})"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { say "missing ${missing[*]} and not root (no sudo): install them first"; exit 1; }
  sudo=(sudo)
fi
log="$LB_OBS_CACHE/logs/apt.log"
mkdir -p "$(dirname "$log")"
say "installing ${missing[*]} (apt output in $log)"
if ! { "${sudo[@]}" apt-get update && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y "${missing[@]}"; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  say "apt-get failed (full output in $log)"
  exit 1
fi
finish "installed ${missing[*]}"
