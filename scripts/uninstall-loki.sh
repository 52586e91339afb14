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

DATA_CHOICE=""
while [ "$#" -gt 0 ]; do
  case "$1" in
    --remove-data) DATA_CHOICE=remove && shift ;;
    --keep-data) DATA_CHOICE=keep && shift ;;
    -h | --help) usage && exit 0 ;;
    *) usage_error "unknown argument: $1" ;;
  esac
done

STATE_FILE="$STATE_DIR/loki.state"
METHOD=$(state_get "$STATE_FILE" method)
if [ -z "$METHOD" ]; then
  info "Loki was not installed by install-loki.sh (no state in $STATE_FILE); nothing to do."
  exit 0
fi
detect_os
CONFIG_FILE=$(state_get "$STATE_FILE" config_file)
DATA_DIR=$(state_get "$STATE_FILE" data_dir)
REMOVE_DATA=0
decide_remove_data Loki "$DATA_DIR"

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
      rm -f "$CONFIG_FILE"
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
    as_root rm -f "$SYSROOT$CONFIG_FILE"
    remove_grafana_apt_repo_unless_used "$STATE_DIR/grafana.state"
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
    stop_background "$(state_get "$STATE_FILE" pid_file)" Loki
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
  info "Loki is uninstalled and its data removed."
else
  info "Loki is uninstalled; its data is kept in $DATA_DIR."
fi
