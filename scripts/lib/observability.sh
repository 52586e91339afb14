# shellcheck shell=bash disable=SC2034,SC2153
# (SC2034, SC2153: variables set here are read by the scripts that source this file, and the other way round.)
# Shared by install-loki.sh, uninstall-loki.sh, install-grafana.sh and uninstall-grafana.sh (sourced, not run).
# The install scripts define install_brew, install_apt, install_docker and install_binary and call
# install_service; the uninstall scripts call begin_uninstall, their method's steps and finish_uninstall.
#
# Environment the scripts honour:
#   XDG_STATE_HOME, XDG_CONFIG_HOME, XDG_DATA_HOME  where state, config and data of user installs go
#   LB_OBS_OS_RELEASE  the os-release file to read (default /etc/os-release; tests point it at a fake one)
#   LB_OBS_SYSROOT     prefix for the system files the apt method writes (default empty: the real /etc)

GRAFANA_APT_KEY_URL="https://apt.grafana.com/gpg.key"
GRAFANA_APT_REPO="https://apt.grafana.com stable main"
APT_KEYRING="/etc/apt/keyrings/grafana.gpg"
APT_SOURCE="/etc/apt/sources.list.d/grafana.list"
MIN_UBUNTU="24.04"

STATE_DIR="${XDG_STATE_HOME:-$HOME/.local/state}/lb-observability"
USER_CONFIG_DIR="${XDG_CONFIG_HOME:-$HOME/.config}/lb-observability"
USER_DATA_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/lb-observability"
SYSROOT="${LB_OBS_SYSROOT:-}"

info() { printf '%s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Usage errors exit 2, like lb-obs.
usage_error() {
  printf 'error: %s\n' "$*" >&2
  printf 'Run with --help for usage.\n' >&2
  exit 2
}

need_value() {
  if [ "$#" -lt 2 ] || [ -z "$2" ]; then usage_error "$1 needs a value"; fi
}

# OS is "macos" or "ubuntu"; anything else stops here with the reason.
detect_os() {
  local kernel
  kernel=$(uname -s)
  case "$kernel" in
    Darwin)
      OS=macos
      OS_LABEL="macOS $(sw_vers -productVersion)"
      ;;
    Linux)
      local release="${LB_OBS_OS_RELEASE:-/etc/os-release}" id="" version="" pretty=""
      [ -r "$release" ] || die "unsupported OS: cannot read $release to tell which Linux this is (supported: macOS, Ubuntu $MIN_UBUNTU+)"
      id=$(os_release_field ID "$release")
      version=$(os_release_field VERSION_ID "$release")
      pretty=$(os_release_field PRETTY_NAME "$release")
      OS_LABEL="${pretty:-$id $version}"
      [ "$id" = "ubuntu" ] || die "unsupported OS: $OS_LABEL (supported: macOS, Ubuntu $MIN_UBUNTU+)"
      version_at_least "$version" "$MIN_UBUNTU" || die "unsupported OS: $OS_LABEL (Ubuntu $MIN_UBUNTU or later is needed)"
      OS=ubuntu
      ;;
    *) die "unsupported OS: $kernel (supported: macOS, Ubuntu $MIN_UBUNTU+)" ;;
  esac
}

os_release_field() {
  local key=$1 file=$2 line value
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      "$key="*)
        value=${line#*=}
        value=${value#\"}
        value=${value%\"}
        value=${value#\'}
        value=${value%\'}
        printf '%s' "$value"
        return 0
        ;;
    esac
  done <"$file"
}

# version_at_least 24.10 24.04 -> true
version_at_least() {
  local have_major=${1%%.*} have_minor=${1#*.} want_major=${2%%.*} want_minor=${2#*.}
  [ "$have_minor" != "$1" ] || have_minor=0
  [[ "$have_major" =~ ^[0-9]+$ && "$have_minor" =~ ^[0-9]+$ ]] || return 1
  ((10#$have_major > 10#$want_major || (10#$have_major == 10#$want_major && 10#$have_minor >= 10#$want_minor)))
}

require_command() {
  local name=$1 why=$2
  command -v "$name" >/dev/null 2>&1 || die "$name not found on PATH: $why"
}

# Runs a command as root: directly when already root, else through sudo (which asks for a password in the terminal).
as_root() {
  if [ "$(id -u)" = "0" ]; then
    "$@"
  else
    command -v sudo >/dev/null 2>&1 || die "this step needs root and sudo is not installed: $*"
    sudo "$@"
  fi
}

# The options both install scripts take, each with a value (the caller shifts two); false for any other.
install_option() {
  case "$1" in
    --method) need_value "$@" && METHOD=$2 ;;
    --port) need_value "$@" && PORT=$2 ;;
    --data-dir) need_value "$@" && validate_data_dir "$2" && DATA_DIR=$2 ;;
    --binary) need_value "$@" && BINARY=$2 ;;
    --version) need_value "$@" && VERSION=$2 ;;
    --timeout) need_value "$@" && TIMEOUT=$2 ;;
    *) return 1 ;;
  esac
}

# The data dir is written into Loki's YAML, Grafana's ini and the state file (read back by the uninstaller,
# which deletes it): only characters that mean nothing in any of them.
validate_data_dir() {
  [[ "$1" =~ ^[A-Za-z0-9._/+@-]+$ ]] ||
    usage_error "--data-dir may contain only letters, digits and . _ / + @ - (got '$1')"
}

validate_method() {
  case "$1" in
    "" | brew | apt | docker | binary) ;;
    *) usage_error "--method must be brew, apt, docker or binary (got '$1')" ;;
  esac
}

check_method_for_os() {
  local method=$1
  case "$method:$OS" in
    brew:ubuntu) die "--method brew is for macOS; on $OS_LABEL use apt, docker or binary" ;;
    apt:macos) die "--method apt is for Ubuntu; on $OS_LABEL use brew, docker or binary" ;;
  esac
}

# Asks for the method when none was given and there is a terminal to ask on.
choose_method() {
  local service=$1 native choice
  if [ "$OS" = "macos" ]; then native=brew; else native=apt; fi
  [ -t 0 ] || usage_error "no --method given and no terminal to ask on: pass --method $native|docker|binary"
  info "How should $service be installed on $OS_LABEL?"
  info "  1) $native (system package manager)"
  info "  2) docker (a container)"
  info "  3) binary (an existing $service binary, run as your user)"
  while true; do
    read -r -p "Choose 1-3 [1]: " choice || die "no answer"
    case "${choice:-1}" in
      1) METHOD=$native && return 0 ;;
      2) METHOD=docker && return 0 ;;
      3) METHOD=binary && return 0 ;;
      *) info "Please answer 1, 2 or 3." ;;
    esac
  done
}

validate_port() {
  if ! [[ "$1" =~ ^[0-9]+$ ]] || ((10#$1 < 1 || 10#$1 > 65535)); then
    usage_error "${2:---port} must be a number from 1 to 65535 (got '$1')"
  fi
}

validate_timeout() {
  if ! [[ "$1" =~ ^[0-9]+$ ]] || ((10#$1 < 1)); then
    usage_error "--timeout must be a whole number of seconds (got '$1')"
  fi
}

# True when something accepts connections on the local port.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

fail_if_port_in_use() {
  local port=$1 service=$2
  if port_in_use "$port"; then
    die "port $port is in use by another program, so $service cannot listen on it: stop that program or pass --port with a free port"
  fi
}

# Polls the URL until it answers 2xx, the pid (if given) dies, or the timeout passes.
wait_ready() {
  local url=$1 timeout=$2 service=$3 pid=${4:-} log=${5:-}
  local deadline=$((SECONDS + timeout))
  info "Waiting up to ${timeout}s for $service at $url ..."
  while true; do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
      info "$service is ready at $url"
      return 0
    fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      [ -z "$log" ] || tail -n 20 "$log" >&2 || true
      die "$service exited before it was ready${log:+ (log: $log)}"
    fi
    ((SECONDS < deadline)) || die "$service was not ready at $url after ${timeout}s${log:+ (log: $log)}"
    sleep 1
  done
}

# State files are KEY=value lines, read back without evaluating anything.
write_state() {
  local file=$1 tmp
  shift
  mkdir -p "$(dirname "$file")"
  tmp=$(mktemp "$file.XXXXXX")
  printf '%s\n' "$@" >"$tmp"
  chmod 600 "$tmp"
  mv "$tmp" "$file"
}

state_get() {
  local file=$1 key=$2 line
  [ -f "$file" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    if [ "${line%%=*}" = "$key" ]; then
      printf '%s' "${line#*=}"
      return 0
    fi
  done <"$file"
}

# Writes a file only when its content changes; says whether it did (so services restart only when needed).
install_file() {
  local content=$1 dest=$2 mode=${3:-0644} root=${4:-}
  if [ -f "$dest" ] && [ "$(cat "$dest")" = "$content" ]; then
    return 1
  fi
  local tmp
  tmp=$(mktemp)
  printf '%s\n' "$content" >"$tmp"
  if [ -n "$root" ]; then
    as_root mkdir -p "$(dirname "$dest")"
    as_root install -m "$mode" "$tmp" "$dest"
  else
    mkdir -p "$(dirname "$dest")"
    install -m "$mode" "$tmp" "$dest"
  fi
  rm -f "$tmp"
  return 0
}

docker_ready() {
  require_command docker "install Docker (https://docs.docker.com/engine/install/) or choose another --method"
  docker info >/dev/null 2>&1 || die "Docker is installed but its engine is not running (docker info failed): start Docker Desktop or 'sudo systemctl start docker', then try again"
}

container_exists() {
  docker container inspect "$1" >/dev/null 2>&1
}

container_running() {
  [ "$(docker container inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" = "true" ]
}

# Starts the existing container when it is stopped, else creates its volume and runs it with the given
# `docker run` arguments (ports, mounts, image, command); the port must be free either way.
ensure_container() {
  local service=$1 container=$2 volume=$3 port=$4
  shift 4
  if container_exists "$container"; then
    if ! container_running "$container"; then
      fail_if_port_in_use "$port" "$service"
      docker start "$container"
    fi
  else
    fail_if_port_in_use "$port" "$service"
    docker volume create "$volume"
    docker run -d --name "$container" --restart unless-stopped "$@"
  fi
}

# Grafana's signed APT repository: the key in /etc/apt/keyrings, the source restricted to it with signed-by.
add_grafana_apt_repo() {
  require_command apt-get "the apt method needs Ubuntu's apt-get"
  local key
  key=$(mktemp)
  curl -fsSL -o "$key" "$GRAFANA_APT_KEY_URL" || die "could not download Grafana's APT signing key from $GRAFANA_APT_KEY_URL"
  as_root mkdir -p "$SYSROOT/etc/apt/keyrings" "$SYSROOT/etc/apt/sources.list.d"
  as_root gpg --dearmor --yes -o "$SYSROOT$APT_KEYRING" "$key"
  rm -f "$key"
  as_root chmod 0644 "$SYSROOT$APT_KEYRING"
  install_file "deb [signed-by=$APT_KEYRING] $GRAFANA_APT_REPO" "$SYSROOT$APT_SOURCE" 0644 root || true
  as_root apt-get update
}

# The repository stays while the other service still uses it.
remove_grafana_apt_repo_unless_used() {
  local other_state=$1
  if [ "$(state_get "$other_state" method)" = "apt" ]; then
    info "Keeping Grafana's APT repository: the other service still uses it"
    return 0
  fi
  as_root rm -f "$SYSROOT$APT_SOURCE" "$SYSROOT$APT_KEYRING"
}

# Starts a binary in the background as the current user, detached from the terminal, with a pid and log file.
start_background() {
  local pid_file=$1 log_file=$2
  shift 2
  mkdir -p "$(dirname "$pid_file")" "$(dirname "$log_file")"
  if command -v setsid >/dev/null 2>&1; then
    setsid nohup "$@" >>"$log_file" 2>&1 </dev/null &
  else
    nohup "$@" >>"$log_file" 2>&1 </dev/null &
  fi
  printf '%s\n' "$!" >"$pid_file"
}

# The binary for --method binary: the one given, else the first of the names on PATH.
binary_path() {
  local name=$2 bin=$1
  shift
  if [ -z "$bin" ]; then
    while [ "$#" -gt 0 ] && [ -z "$bin" ]; do
      bin=$(command -v "$1" || true)
      shift
    done
    [ -n "$bin" ] || die "no $name binary: pass --binary PATH or put $name on PATH (or choose another --method)"
  fi
  [ -x "$bin" ] || die "--binary $bin is not an executable file"
  printf '%s' "$bin"
}

pid_alive() {
  local pid_file=$1 pid
  [ -f "$pid_file" ] || return 1
  pid=$(cat "$pid_file")
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

stop_background() {
  local pid_file=$1 service=$2 pid i
  if ! pid_alive "$pid_file"; then
    rm -f "$pid_file"
    return 0
  fi
  pid=$(cat "$pid_file")
  info "Stopping $service (pid $pid)"
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "$service did not stop within 10s; killing it"
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
}

# Decides --remove-data / --keep-data: the flag, else a question on the terminal, else keep (never lose data).
decide_remove_data() {
  local service=$1 where=$2 answer
  case "${DATA_CHOICE:-}" in
    remove) REMOVE_DATA=1 && return 0 ;;
    keep) REMOVE_DATA=0 && return 0 ;;
  esac
  if [ -t 0 ]; then
    read -r -p "Also remove $service's data ($where)? [y/N] " answer || answer=""
    case "$answer" in
      y | Y | yes | YES) REMOVE_DATA=1 ;;
      *) REMOVE_DATA=0 ;;
    esac
  else
    info "No --remove-data or --keep-data and no terminal to ask on: keeping $service's data ($where)"
    REMOVE_DATA=0
  fi
}

# The install scripts' course, after their options: pick and check the method, leave a working install with the
# same method and port as it is, run install_$METHOD (which sets CONFIG_FILE, DATA_DIR, BINARY, PID_FILE and
# LOG_FILE), record the state (extra KEY=value lines after the port) and wait until the service answers.
# Reads METHOD, PORT, TIMEOUT, STATE_FILE and CONTAINER.
install_service() {
  local service=$1 uninstaller=$2 health_url=$3 ready_word=$4 pid="" installed
  shift 4
  detect_os
  [ -n "$METHOD" ] || choose_method "$service"
  check_method_for_os "$METHOD"

  installed=$(state_get "$STATE_FILE" method)
  if [ -n "$installed" ]; then
    [ "$installed" = "$METHOD" ] || die "$service is already installed with --method $installed (state: $STATE_FILE): run $uninstaller first to switch to $METHOD"
    [ "$(state_get "$STATE_FILE" port)" = "$PORT" ] || die "$service is already installed on port $(state_get "$STATE_FILE" port): run $uninstaller first to move it to $PORT"
    if curl -fsS -o /dev/null --max-time 2 "$health_url" 2>/dev/null; then
      info "$service is already installed (method $METHOD) and $ready_word at http://127.0.0.1:$PORT; nothing to do."
      exit 0
    fi
  fi

  CONFIG_FILE=""
  PID_FILE=""
  LOG_FILE=""
  "install_$METHOD"

  write_state "$STATE_FILE" \
    "method=$METHOD" \
    "config_file=$CONFIG_FILE" \
    "data_dir=$DATA_DIR" \
    "port=$PORT" \
    "$@" \
    "container=$([ "$METHOD" = docker ] && printf '%s' "$CONTAINER")" \
    "binary=$([ "$METHOD" = binary ] && printf '%s' "$BINARY")" \
    "pid_file=$PID_FILE" \
    "log_file=$LOG_FILE"

  [ -z "$PID_FILE" ] || pid=$(cat "$PID_FILE")
  wait_ready "$health_url" "$TIMEOUT" "$service" "$pid" "$LOG_FILE"
}

# The uninstall scripts' start: their options (the script defines usage), the state install_service wrote
# (none: nothing to do), the OS, and whether to remove the data. Sets STATE_FILE, METHOD, CONFIG_FILE,
# DATA_DIR and REMOVE_DATA.
begin_uninstall() {
  local service=$1 state_name=$2 installer=$3
  shift 3
  DATA_CHOICE=""
  while [ "$#" -gt 0 ]; do
    case "$1" in
      --remove-data) DATA_CHOICE=remove && shift ;;
      --keep-data) DATA_CHOICE=keep && shift ;;
      -h | --help) usage && exit 0 ;;
      *) usage_error "unknown argument: $1" ;;
    esac
  done

  STATE_FILE="$STATE_DIR/$state_name.state"
  METHOD=$(state_get "$STATE_FILE" method)
  if [ -z "$METHOD" ]; then
    info "$service was not installed by $installer (no state in $STATE_FILE); nothing to do."
    exit 0
  fi
  detect_os
  CONFIG_FILE=$(state_get "$STATE_FILE" config_file)
  DATA_DIR=$(state_get "$STATE_FILE" data_dir)
  REMOVE_DATA=0
  decide_remove_data "$service" "$DATA_DIR"
}

uninstall_docker() {
  local container
  docker_ready
  container=$(state_get "$STATE_FILE" container)
  if container_exists "$container"; then
    docker rm -f "$container"
  fi
  [ "$REMOVE_DATA" = 0 ] || docker volume rm "$DATA_DIR"
  rm -f "$CONFIG_FILE"
}

uninstall_binary() {
  local service=$1
  stop_background "$(state_get "$STATE_FILE" pid_file)" "$service"
  rm -f "$CONFIG_FILE"
  if [ "$REMOVE_DATA" = 1 ]; then
    rm -rf "$DATA_DIR"
    rm -f "$(state_get "$STATE_FILE" log_file)"
  fi
}

finish_uninstall() {
  local service=$1
  rm -f "$STATE_FILE"
  if [ "$REMOVE_DATA" = 1 ]; then
    info "$service is uninstalled and its data removed."
  else
    info "$service is uninstalled; its data is kept in $DATA_DIR."
  fi
}
