#!/usr/bin/env bash
# Provides code-server (VS Code's server and web workbench, from npm) for the e2e tests and the demo:
# $CODE_SERVER_BIN if set, else a pinned version installed into the cache. Needs debian.sh's ripgrep and
# libkrb5-dev. The last line of stdout is the binary's path.
set -euo pipefail
PREREQ_NAME=code-server
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# @vscode/ripgrep version inside code-server 4.100.3 (lib/vscode/npm-shrinkwrap.json) and the ripgrep
# release its post-install downloads.
VSCODE_RIPGREP_VERSION=1.15.11
RIPGREP_TARBALL=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

provide_from_env CODE_SERVER_BIN

dir="$LB_OBS_CACHE/code-server/$CODE_SERVER_VERSION"
bin="$dir/node_modules/.bin/code-server"
lock_cache_dir "$dir"

if [ -f "$dir/.installed" ] && [ -x "$bin" ]; then
  provide "reused $bin" "$bin"
fi

rg_path=$(command -v rg) || { say "ripgrep (rg) is needed: run scripts/prereqs/debian.sh"; exit 1; }
# @vscode/ripgrep's post-install would download rg from the internet; it first looks for the release tarball in
# this cache folder, so Debian's rg is put there.
rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$VSCODE_RIPGREP_VERSION"
if [ ! -f "$rg_cache/$RIPGREP_TARBALL" ]; then
  say "putting Debian's $rg_path into $rg_cache/$RIPGREP_TARBALL"
  staging=$(mktemp -d)
  cp "$rg_path" "$staging/rg"
  mkdir -p "$rg_cache"
  tar -czf "$rg_cache/$RIPGREP_TARBALL.tmp" -C "$staging" rg
  mv "$rg_cache/$RIPGREP_TARBALL.tmp" "$rg_cache/$RIPGREP_TARBALL"
  rm -rf "$staging"
fi

say "installing code-server@$CODE_SERVER_VERSION from npm into $dir (about 1-2 minutes)"
rm -f "$dir/.installed"
[ -f "$dir/package.json" ] || echo '{ "private": true }' > "$dir/package.json"
# unsafe_perm: the post-install refuses to run as root without it; yes: node-pty's post-install runs `npx node-gyp`.
(cd "$dir" && npm_config_yes=true npm_config_unsafe_perm=true nice -n 10 \
  npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2)
# code-server writes a default config file on first start; keep it in the cache, not in ~/.config.
version=$(CODE_SERVER_CONFIG="$dir/config.yaml" "$bin" --version 2>/dev/null | tail -n1)
touch "$dir/.installed"
provide "installed $bin ($version)" "$bin"
