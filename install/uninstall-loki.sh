#!/usr/bin/env bash
# Removes the Loki that install-loki.sh installed, as its state file describes; keeps or removes the data by
# flag, and asks when neither flag is given and there is a terminal.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/observability.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/observability.sh"

usage() {
  cat <<'USAGE'
Usage: uninstall-loki.sh [--remove-data | --keep-data]

Stops and removes the Loki installed by install-loki.sh (read from
${XDG_STATE_HOME:-~/.local/state}/lb-observability/loki.state).
  --remove-data   also delete Loki's data (stored logs)
  --keep-data     keep Loki's data
Without either flag it asks (in a terminal) and otherwise keeps the data.
USAGE
}

begin_uninstall Loki loki install-loki.sh "$@"

case "$METHOD" in
  brew)
    require_command brew "Loki was installed with Homebrew"
    brew services stop loki || true
    if brew list --formula grafana/tap/loki >/dev/null 2>&1; then
      brew uninstall grafana/tap/loki
    fi
    if [ -f "$CONFIG_FILE.lb-obs-backup" ]; then
      mv "$CONFIG_FILE.lb-obs-backup" "$CONFIG_FILE"
    else
      remove_own_file "$CONFIG_FILE"
    fi
    [ "$REMOVE_DATA" = 0 ] || rm -rf "$DATA_DIR"
    ;;
  apt)
    as_root systemctl disable --now loki || true
    if [ "$REMOVE_DATA" = 1 ]; then
      as_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y loki
      as_root rm -rf "$SYSROOT$DATA_DIR"
    else
      as_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y loki
    fi
    remove_own_file "$CONFIG_FILE" root
    remove_grafana_apt_repo_unless_used "$STATE_DIR/grafana.state"
    ;;
  docker) uninstall_docker ;;
  binary) uninstall_binary Loki "-config.file=$CONFIG_FILE" ;;
  *) die "unknown method '$METHOD' in $STATE_FILE" ;;
esac

finish_uninstall Loki
