#!/usr/bin/env bash
# Installs Loki for lb-observability on macOS or Linux (apt: Ubuntu 24.04+, Debian 12+), with a config that enables what the product
# uses (structured metadata, tail, format_query, volume queries) and limits sized for lb's log pushes.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/observability.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/observability.sh"

usage() {
  cat <<'USAGE'
Usage: install-loki.sh [--method brew|apt|docker|binary] [options]

Without --method, asks which method to use (when run in a terminal).
  --method M      brew (macOS, Grafana's tap, brew services), apt (Ubuntu 24.04+ or Debian 12+, Grafana's
                  signed APT repository, systemd), docker (any system with Docker: container lb-loki, volume
                  lb-loki-data), binary (an existing loki binary run in the background as your user)
  --port N        HTTP port (default 3100)
  --grpc-port N   gRPC port (default 9096; not used by docker)
  --data-dir DIR  where Loki keeps its data (brew, apt, binary): a new or empty folder of its own, since
                  uninstall-loki.sh --remove-data deletes it
  --binary PATH   the loki binary for --method binary (default: loki on PATH)
  --version V     image tag for --method docker (default 3.7.6)
  --timeout S     seconds to wait for Loki's /ready (default 120)
  -h, --help      this help

Writes its state to ${XDG_STATE_HOME:-~/.local/state}/lb-observability/loki.state for uninstall-loki.sh.
Running it again with the same method is safe: it repairs or leaves a working install as it is.
USAGE
}

METHOD=""
PORT=3100
GRPC_PORT=9096
DATA_DIR=""
DATA_DIR_GIVEN=0
BINARY=""
VERSION="3.7.6"
TIMEOUT=120

while [ "$#" -gt 0 ]; do
  case "$1" in
    --grpc-port) need_value "$@" && GRPC_PORT=$2 && shift 2 ;;
    -h | --help) usage && exit 0 ;;
    *) install_option "$@" || usage_error "unknown argument: $1"; shift 2 ;;
  esac
done

validate_method "$METHOD"
validate_port "$PORT"
validate_port "$GRPC_PORT" --grpc-port
validate_timeout "$TIMEOUT"

STATE_FILE="$STATE_DIR/loki.state"
CONTAINER=lb-loki
VOLUME=lb-loki-data

# The config every method uses; only the port and the data directory differ.
loki_config() {
  local http_port=$1 grpc_port=$2 data=$3
  cat <<YAML
# Written by lb-observability's install-loki.sh; uninstall-loki.sh removes it.
auth_enabled: false

server:
  http_listen_port: $http_port
  grpc_listen_port: $grpc_port
  log_level: info
  # lb pushes batches of up to 1000 lines; the log panel pages query_range with up to 5000.
  grpc_server_max_recv_msg_size: 16777216
  grpc_server_max_send_msg_size: 16777216

common:
  instance_addr: 127.0.0.1
  path_prefix: $data
  storage:
    filesystem:
      chunks_directory: $data/chunks
      rules_directory: $data/rules
  replication_factor: 1
  ring:
    kvstore:
      store: inmemory

# A single instance has no ring peers to wait for before it serves.
ingester:
  lifecycler:
    min_ready_duration: 0s

schema_config:
  configs:
    - from: "2024-01-01"
      store: tsdb
      object_store: filesystem
      schema: v13
      index:
        prefix: index_
        period: 24h

limits_config:
  # lb sends phase/workload details as structured metadata when labels would explode cardinality.
  allow_structured_metadata: true
  volume_enabled: true
  # Runs are collected after they finish: accept logs up to a week old and out of order within a stream.
  reject_old_samples: true
  reject_old_samples_max_age: 168h
  unordered_writes: true
  ingestion_rate_mb: 16
  ingestion_burst_size_mb: 32
  per_stream_rate_limit: 8MB
  per_stream_rate_limit_burst: 16MB
  max_entries_limit_per_query: 5000
  max_query_series: 1000
  max_concurrent_tail_requests: 20
  retention_period: 720h

querier:
  # The log panel follows a run through the tail WebSocket.
  tail_max_duration: 4h

compactor:
  working_directory: $data/compactor
  retention_enabled: true
  delete_request_store: filesystem

query_range:
  results_cache:
    cache:
      embedded_cache:
        enabled: true
        max_size_mb: 100

analytics:
  reporting_enabled: false
YAML
}

install_brew() {
  require_command brew "install Homebrew (https://brew.sh) or choose another --method"
  local prefix config
  brew tap grafana/tap
  if ! brew list --formula grafana/tap/loki >/dev/null 2>&1; then
    brew install grafana/tap/loki
  fi
  prefix=$(brew --prefix)
  DATA_DIR=${DATA_DIR:-$prefix/var/loki}
  # The formula's service reads this file; keep a user's own version aside once.
  config="$prefix/etc/loki-local-config.yaml"
  if [ -f "$config" ] && ! grep -q "lb-observability" "$config" && [ ! -f "$config.lb-obs-backup" ]; then
    cp "$config" "$config.lb-obs-backup"
  fi
  claim_data_dir loki Loki
  install_file "$(loki_config "$PORT" "$GRPC_PORT" "$DATA_DIR")" "$config" || true
  brew services restart loki
  CONFIG_FILE=$config
}

install_apt() {
  local config="/etc/loki/config.yml"
  DATA_DIR=${DATA_DIR:-/var/lib/loki}
  add_grafana_apt_repo
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y loki
  claim_data_dir loki Loki root
  if id loki >/dev/null 2>&1; then
    as_root chown -R loki: "$SYSROOT$DATA_DIR"
  fi
  install_file "$(loki_config "$PORT" "$GRPC_PORT" "$DATA_DIR")" "$SYSROOT$config" 0644 root || true
  as_root systemctl enable loki
  as_root systemctl restart loki
  CONFIG_FILE=$config
}

install_docker() {
  docker_ready
  local config="$USER_CONFIG_DIR/loki/config.yml"
  DATA_DIR=$VOLUME
  install_file "$(loki_config 3100 9096 /loki)" "$config" || true
  ensure_container Loki "$CONTAINER" "$VOLUME" "$PORT" \
    -p "$PORT:3100" \
    -v "$VOLUME:/loki" \
    -v "$config:/etc/loki/config.yml:ro" \
    "grafana/loki:$VERSION" -config.file=/etc/loki/config.yml
  CONFIG_FILE=$config
}

install_binary() {
  local bin config="$USER_CONFIG_DIR/loki/config.yml"
  bin=$(binary_path "$BINARY" loki)
  DATA_DIR=${DATA_DIR:-$USER_DATA_DIR/loki}
  PID_FILE="$STATE_DIR/loki.pid"
  LOG_FILE="$STATE_DIR/loki.log"
  claim_data_dir loki Loki
  install_file "$(loki_config "$PORT" "$GRPC_PORT" "$DATA_DIR")" "$config" || true
  if ! own_pid "$PID_FILE" "-config.file=$config" >/dev/null; then
    fail_if_port_in_use "$PORT" Loki
    fail_if_port_in_use "$GRPC_PORT" "Loki (gRPC)"
    start_background "$PID_FILE" "$LOG_FILE" "$bin" "-config.file=$config"
  fi
  BINARY=$bin
  CONFIG_FILE=$config
}

install_service Loki uninstall-loki.sh "http://127.0.0.1:$PORT/ready" ready "grpc_port=$GRPC_PORT"
info "Loki is installed (method $METHOD). Push URL for lb's config: http://localhost:$PORT"
