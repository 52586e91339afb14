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

DATA_CHOICE=""
while [ "$#" -gt 0 ]; do
  case "$1" in
    --remove-data) DATA_CHOICE=remove && shift ;;
    --keep-data) DATA_CHOICE=keep && shift ;;
    -h | --help) usage && exit 0 ;;
    *) usage_error "unknown argument: $1" ;;
  esac
done

STATE_FILE="$STATE_DIR/grafana.state"
METHOD=$(state_get "$STATE_FILE" method)
if [ -z "$METHOD" ]; then
  info "Grafana was not installed by install-grafana.sh (no state in $STATE_FILE); nothing to do."
  exit 0
fi
detect_os
CONFIG_FILE=$(state_get "$STATE_FILE" config_file)
DATA_DIR=$(state_get "$STATE_FILE" data_dir)
REMOVE_DATA=0
decide_remove_data Grafana "$DATA_DIR"

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
    as_root rm -f "$SYSROOT$CONFIG_FILE"
    as_root systemctl daemon-reload
    if [ "$REMOVE_DATA" = 1 ]; then
      as_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y grafana
      as_root rm -rf "$SYSROOT$DATA_DIR"
    else
      as_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y grafana
    fi
    remove_grafana_apt_repo_unless_used "$STATE_DIR/loki.state"
    ;;
  docker)
    docker_ready
    container=$(state_get "$STATE_FILE" container)
    if container_exists "$container"; then
      docker rm -f "$container"
    fi
    [ "$REMOVE_DATA" = 0 ] || docker volume rm "$DATA_DIR"
    rm -f "$CONFIG_FILE"
    ;;
  binary)
    stop_background "$(state_get "$STATE_FILE" pid_file)" Grafana
    rm -f "$CONFIG_FILE"
    if [ "$REMOVE_DATA" = 1 ]; then
      rm -rf "$DATA_DIR"
      rm -f "$(state_get "$STATE_FILE" log_file)"
    fi
    ;;
  *) die "unknown method '$METHOD' in $STATE_FILE" ;;
esac

rm -f "$STATE_FILE"
if [ "$REMOVE_DATA" = 1 ]; then
  info "Grafana is uninstalled and its data removed."
else
  info "Grafana is uninstalled; its data is kept in $DATA_DIR."
fi
