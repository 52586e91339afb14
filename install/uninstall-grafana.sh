#!/usr/bin/env bash
# Removes the Grafana that install-grafana.sh installed, as its state file describes; keeps or removes the
# data (dashboards, users, the SQLite database) by flag, and asks when neither flag is given in a terminal.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/observability.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/observability.sh"

usage() {
  cat <<'USAGE'
Usage: uninstall-grafana.sh [--remove-data | --keep-data]

Stops and removes the Grafana installed by install-grafana.sh (read from
${XDG_STATE_HOME:-~/.local/state}/lb-observability/grafana.state).
  --remove-data   also delete Grafana's data (database, dashboards, plugins)
  --keep-data     keep Grafana's data
Without either flag it asks (in a terminal) and otherwise keeps the data.
USAGE
}

begin_uninstall Grafana grafana install-grafana.sh "$@"

case "$METHOD" in
  brew)
    require_command brew "Grafana was installed with Homebrew"
    brew services stop grafana || true
    if brew list --formula grafana >/dev/null 2>&1; then
      brew uninstall grafana
    fi
    [ "$REMOVE_DATA" = 0 ] || rm -rf "$DATA_DIR"
    ;;
  apt)
    as_root systemctl disable --now grafana-server || true
    remove_own_file "$CONFIG_FILE" root
    as_root systemctl daemon-reload
    if [ "$REMOVE_DATA" = 1 ]; then
      as_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y grafana
      as_root rm -rf "$SYSROOT$DATA_DIR"
    else
      as_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y grafana
    fi
    remove_grafana_apt_repo_unless_used "$STATE_DIR/loki.state"
    ;;
  docker) uninstall_docker ;;
  binary) uninstall_binary Grafana --config "$CONFIG_FILE" ;;
  *) die "unknown method '$METHOD' in $STATE_FILE" ;;
esac

finish_uninstall Grafana
