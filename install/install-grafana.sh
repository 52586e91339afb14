#!/usr/bin/env bash
# Installs Grafana for lb-observability on macOS or Linux (apt: Ubuntu 24.04+, Debian 12+). lb's `lb provision loki-grafana` (or the
# extension's "Provision Loki and Grafana...") then adds the Loki datasource and lb's dashboards.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/observability.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/observability.sh"

usage() {
  cat <<'USAGE'
Usage: install-grafana.sh [--method brew|apt|docker|binary] [options]

Without --method, asks which method to use (when run in a terminal).
  --method M      brew (macOS, brew services), apt (Ubuntu 24.04+ or Debian 12+, Grafana's signed APT
                  repository, systemd), docker (any system with Docker: container lb-grafana, volume
                  lb-grafana-data), binary (an existing grafana binary run in the background as your user)
  --port N        HTTP port (default 3000; brew keeps Grafana's own grafana.ini, so only 3000 there)
  --data-dir DIR  where Grafana keeps its database and plugins (binary): a new or empty folder of its own,
                  since uninstall-grafana.sh --remove-data deletes it
  --binary PATH   the grafana (or grafana-server) binary for --method binary (default: on PATH)
  --homepath DIR  Grafana's home (with conf/defaults.ini) for --method binary (default: next to the binary)
  --version V     image tag for --method docker (default latest)
  --timeout S     seconds to wait for Grafana's /api/health (default 120)
  -h, --help      this help

Writes its state to ${XDG_STATE_HOME:-~/.local/state}/lb-observability/grafana.state for uninstall-grafana.sh.
Running it again with the same method is safe: it repairs or leaves a working install as it is.
USAGE
}

METHOD=""
PORT=3000
DATA_DIR=""
DATA_DIR_GIVEN=0
BINARY=""
HOMEPATH=""
VERSION="latest"
TIMEOUT=120

while [ "$#" -gt 0 ]; do
  case "$1" in
    --homepath) need_value "$@" && HOMEPATH=$2 && shift 2 ;;
    -h | --help) usage && exit 0 ;;
    *) install_option "$@" || usage_error "unknown argument: $1"; shift 2 ;;
  esac
done

validate_method "$METHOD"
validate_port "$PORT"
validate_timeout "$TIMEOUT"

STATE_FILE="$STATE_DIR/grafana.state"
CONTAINER=lb-grafana
VOLUME=lb-grafana-data
DROP_IN="/etc/systemd/system/grafana-server.service.d/lb-observability.conf"

grafana_ini() {
  local port=$1 data=${2:-}
  printf '%s\n' "; Written by lb-observability's install-grafana.sh; uninstall-grafana.sh removes it." \
    "[server]" "http_port = $port" ""
  if [ -n "$data" ]; then
    printf '%s\n' "[paths]" "data = $data" "logs = $data/log" "plugins = $data/plugins" ""
  fi
  printf '%s\n' "[analytics]" "reporting_enabled = false" "check_for_updates = false"
}

install_brew() {
  require_command brew "install Homebrew (https://brew.sh) or choose another --method"
  [ "$PORT" = 3000 ] || die "--method brew runs Grafana with its own grafana.ini on port 3000; use docker or binary for --port $PORT"
  local prefix
  if ! brew list --formula grafana >/dev/null 2>&1; then
    brew install grafana
  fi
  prefix=$(brew --prefix)
  DATA_DIR="$prefix/var/lib/grafana"
  claim_data_dir grafana Grafana
  brew services restart grafana
  CONFIG_FILE="$prefix/etc/grafana/grafana.ini"
}

install_apt() {
  DATA_DIR=/var/lib/grafana
  add_grafana_apt_repo
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y grafana
  claim_data_dir grafana Grafana root
  # The package's grafana.ini stays untouched; the port comes from a systemd drop-in we own.
  install_file "$(printf '%s\n' "# Written by lb-observability's install-grafana.sh; uninstall-grafana.sh removes it." '[Service]' \
    "Environment=GF_SERVER_HTTP_PORT=$PORT")" "$SYSROOT$DROP_IN" 0644 root || true
  as_root systemctl daemon-reload
  as_root systemctl enable grafana-server
  as_root systemctl restart grafana-server
  CONFIG_FILE=$DROP_IN
}

install_docker() {
  docker_ready
  local config="$USER_CONFIG_DIR/grafana/grafana.ini"
  DATA_DIR=$VOLUME
  install_file "$(grafana_ini 3000)" "$config" || true
  ensure_container Grafana "$CONTAINER" "$VOLUME" "$PORT" \
    -p "$PORT:3000" \
    -v "$VOLUME:/var/lib/grafana" \
    -v "$config:/etc/grafana/grafana.ini:ro" \
    "grafana/grafana:$VERSION"
  CONFIG_FILE=$config
}

install_binary() {
  local bin config="$USER_CONFIG_DIR/grafana/grafana.ini" home
  bin=$(binary_path "$BINARY" grafana grafana-server)
  home=${HOMEPATH:-$(cd "$(dirname "$bin")/.." && pwd)}
  [ -f "$home/conf/defaults.ini" ] || die "Grafana's home $home has no conf/defaults.ini: pass --homepath DIR"
  DATA_DIR=${DATA_DIR:-$USER_DATA_DIR/grafana}
  PID_FILE="$STATE_DIR/grafana.pid"
  LOG_FILE="$STATE_DIR/grafana.log"
  claim_data_dir grafana Grafana
  install_file "$(grafana_ini "$PORT" "$DATA_DIR")" "$config" || true
  if ! own_pid "$PID_FILE" --config "$config" >/dev/null; then
    fail_if_port_in_use "$PORT" Grafana
    if [ "$(basename "$bin")" = "grafana-server" ]; then
      start_background "$PID_FILE" "$LOG_FILE" "$bin" --homepath "$home" --config "$config"
    else
      start_background "$PID_FILE" "$LOG_FILE" "$bin" server --homepath "$home" --config "$config"
    fi
  fi
  BINARY=$bin
  CONFIG_FILE=$config
}

install_service Grafana uninstall-grafana.sh "http://127.0.0.1:$PORT/api/health" healthy
info "Grafana is installed (method $METHOD) at http://localhost:$PORT (first login admin/admin)."
