# shellcheck shell=bash disable=SC2034,SC2153
# (SC2034, SC2153: variables set here are read by the scripts that source this file, and the other way round.)
# Shared by install-loki.sh, uninstall-loki.sh, install-grafana.sh and uninstall-grafana.sh (sourced, not run).
# The install scripts define install_brew, install_apt, install_docker and install_binary and call
# install_service; the uninstall scripts call begin_uninstall, their method's steps and finish_uninstall.
#
# Environment the scripts honour:
#   XDG_STATE_HOME, XDG_CONFIG_HOME, XDG_DATA_HOME  where state, config and data of user installs go
#   LB_OBS_OS_RELEASE  the os-release file to read (default /etc/os-release; tests point it at a fake one)
#   LB_OBS_SYSROOT     prefix for the system files the apt method writes (default empty: the real /etc);
#                      FILES_ROOT is it while the method is apt, else empty
#
# The uninstallers delete only what is provably the install's own: the data folder must hold the marker file
# the install left there and pass the same safety rules as --data-dir, files must carry the "Written by
# lb-observability" line, and a pid is stopped only while its command line still has the arguments we started
# it with. A state file edited by hand (or by anything else) cannot make them delete or kill anything else.

GRAFANA_APT_KEY_URL="https://apt.grafana.com/gpg.key"
GRAFANA_APT_REPO="https://apt.grafana.com stable main"
APT_KEYRING="/etc/apt/keyrings/grafana.gpg"
APT_SOURCE="/etc/apt/sources.list.d/grafana.list"
MIN_UBUNTU="24.04"
MIN_DEBIAN="12"
DATA_MARKER=".lb-observability"

STATE_DIR="${XDG_STATE_HOME:-$HOME/.local/state}/lb-observability"
USER_CONFIG_DIR="${XDG_CONFIG_HOME:-$HOME/.config}/lb-observability"
USER_DATA_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/lb-observability"
SYSROOT="${LB_OBS_SYSROOT:-}"
FILES_ROOT=""

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

# OS is "macos", "linux" or the kernel's name, OS_LABEL its name for messages. Only brew (macOS) and apt
# (apt_supported) depend on the system; docker and binary run wherever Docker or the binary does.
detect_os() {
  local kernel
  kernel=$(uname -s)
  DISTRO_ID=""
  DISTRO_VERSION=""
  case "$kernel" in
    Darwin)
      OS=macos
      OS_LABEL="macOS $(sw_vers -productVersion)"
      ;;
    Linux)
      OS=linux
      OS_LABEL=Linux
      local release="${LB_OBS_OS_RELEASE:-/etc/os-release}" pretty
      if [ -r "$release" ]; then
        DISTRO_ID=$(os_release_field ID "$release")
        DISTRO_VERSION=$(os_release_field VERSION_ID "$release")
        pretty=$(os_release_field PRETTY_NAME "$release")
        OS_LABEL="${pretty:-Linux $DISTRO_ID $DISTRO_VERSION}"
      fi
      ;;
    *)
      OS=$kernel
      OS_LABEL=$kernel
      ;;
  esac
}

# The systems Grafana's APT repository serves.
apt_supported() {
  case "$DISTRO_ID" in
    ubuntu) version_at_least "$DISTRO_VERSION" "$MIN_UBUNTU" ;;
    debian) version_at_least "$DISTRO_VERSION" "$MIN_DEBIAN" ;;
    *) return 1 ;;
  esac
}

# The system package manager's method on this system, if it has one we support.
native_method() {
  if [ "$OS" = macos ]; then
    printf brew
  elif [ "$OS" = linux ] && apt_supported; then
    printf apt
  fi
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

# version_at_least 24.10 24.04 -> true; a missing minor is 0 (Debian's VERSION_ID is "12").
version_at_least() {
  local have_major=${1%%.*} have_minor=${1#*.} want_major=${2%%.*} want_minor=${2#*.}
  [ "$have_minor" != "$1" ] || have_minor=0
  [ "$want_minor" != "$2" ] || want_minor=0
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
    --data-dir) need_value "$@" && set_data_dir "$2" ;;
    --binary) need_value "$@" && BINARY=$2 ;;
    --version) need_value "$@" && VERSION=$2 ;;
    --timeout) need_value "$@" && TIMEOUT=$2 ;;
    *) return 1 ;;
  esac
}

# Sets DATA_DIR from --data-dir: absolute and normalized, as the install uses and records it. It is written
# into Loki's YAML, Grafana's ini and the state file, so only characters that mean nothing in any of them.
# (check_data_dir, once the method is known, keeps it away from folders that hold anything but the data.)
set_data_dir() {
  local dir=$1
  case "$dir" in
    \~ | \~/*) usage_error "--data-dir '$dir' starts with ~, which only a shell expands: give the full path ($HOME${dir#"~"})" ;;
  esac
  [[ "$dir" =~ ^[A-Za-z0-9._/+@-]+$ ]] ||
    usage_error "--data-dir may contain only letters, digits and . _ / + @ - (got '$dir')"
  DATA_DIR=$(normalize_path "$dir")
  DATA_DIR_GIVEN=1
}

# Since uninstall --remove-data deletes the data folder, --data-dir must not be or contain anything else.
check_data_dir() {
  local why
  if why=$(unsafe_data_dir "$DATA_DIR"); then
    usage_error "--data-dir $DATA_DIR $why: give the data a folder of its own (uninstall --remove-data deletes it)"
  fi
}

# Absolute (a relative path starts at $PWD), with ".", ".." and repeated "/" resolved by name.
normalize_path() {
  local rest=$1 out="" part
  [[ "$rest" == /* ]] || rest="$PWD/$rest"
  while [ -n "$rest" ]; do
    part=${rest%%/*}
    if [ "$part" = "$rest" ]; then rest=""; else rest=${rest#*/}; fi
    case "$part" in
      "" | .) ;;
      ..) out=${out%/*} ;;
      *) out="$out/$part" ;;
    esac
  done
  printf '%s' "${out:-/}"
}

# The normalized path with the symbolic links of its existing part resolved (seen from inside FILES_ROOT).
real_path() {
  local dir="$FILES_ROOT$1" suffix="" root
  while [ "$dir" != / ] && [ -n "$dir" ] && [ ! -d "$dir" ]; do
    suffix="/${dir##*/}$suffix"
    dir=${dir%/*}
  done
  dir=$(cd -P -- "${dir:-/}" && pwd -P) || dir=$FILES_ROOT$1
  dir="${dir%/}$suffix"
  if [ -n "$FILES_ROOT" ]; then
    root=$(cd -P -- "$FILES_ROOT" && pwd -P)
    dir=${dir#"$root"}
  fi
  printf '%s' "${dir:-/}"
}

# Folders of the system and of the user that a data folder must neither be nor contain.
protected_dirs() {
  local home
  home=$(normalize_path "${HOME:-/}")
  printf '%s\n' / "$home" /bin /boot /dev /etc /home /lib /lib32 /lib64 /libx32 /media /mnt /opt /proc /root /run \
    /sbin /srv /sys /tmp /usr /usr/bin /usr/lib /usr/local /usr/local/bin /usr/local/lib /usr/local/var /usr/sbin \
    /usr/share /var /var/cache /var/lib /var/log /var/tmp /Applications /Library /System /Users /Volumes /private \
    /private/etc /private/tmp /private/var /cores /nix /snap /opt/homebrew /opt/homebrew/var \
    "$home/.local" "$home/.local/share" "$home/.local/state" "$home/.config" \
    "$(normalize_path "$STATE_DIR")" "$(normalize_path "$USER_CONFIG_DIR")" "$(normalize_path "$USER_DATA_DIR")"
}

# Prints why a normalized path is no place for a service's data and succeeds, or fails when it is fine. The
# same rules hold for --data-dir and for the folder a state file names, as written and with links resolved.
unsafe_data_dir() {
  local dir=$1 real why
  if why=$(unsafe_path "$dir"); then
    printf '%s' "$why"
    return 0
  fi
  real=$(real_path "$dir")
  if [ "$real" != "$dir" ] && why=$(unsafe_path "$real"); then
    printf 'leads through a symbolic link to %s, which %s' "$real" "$why"
    return 0
  fi
  return 1
}

unsafe_path() {
  local dir=$1 home protected list
  home=$(normalize_path "${HOME:-/}")
  case "$dir" in
    /) printf 'is the root folder' && return 0 ;;
    "$home") printf 'is your home folder' && return 0 ;;
  esac
  # Not a pipe into grep -q: with pipefail, grep quitting at the first match can fail the writer (SIGPIPE).
  list=$(protected_dirs)
  if grep -qxF -- "$dir" <<<"$list"; then
    printf 'is a folder of the system or of your user'
    return 0
  fi
  while IFS= read -r protected; do
    case "$protected" in
      "${dir%/}/"*)
        printf 'contains %s' "$protected"
        return 0
        ;;
    esac
  done <<<"$list"
  return 1
}

validate_method() {
  case "$1" in
    "" | brew | apt | docker | binary) ;;
    *) usage_error "--method must be brew, apt, docker or binary (got '$1')" ;;
  esac
}

check_method_for_os() {
  local method=$1 others
  others="$(native_method)"
  others="${others:+$others, }docker or binary"
  case "$method" in
    brew) [ "$OS" = macos ] || die "--method brew is for macOS; on $OS_LABEL use $others" ;;
    apt)
      [ "$OS" = linux ] || die "--method apt is for Ubuntu $MIN_UBUNTU+ and Debian $MIN_DEBIAN+; on $OS_LABEL use $others"
      apt_supported || die "--method apt needs Ubuntu $MIN_UBUNTU+ or Debian $MIN_DEBIAN+ (the systems Grafana's APT repository serves); on $OS_LABEL use docker or binary"
      ;;
  esac
}

# Asks for the method when none was given and there is a terminal to ask on.
choose_method() {
  local service=$1 native choice
  local -a methods=()
  native=$(native_method)
  [ -z "$native" ] || methods+=("$native")
  methods+=(docker binary)
  [ -t 0 ] || usage_error "no --method given and no terminal to ask on: pass --method $(IFS='|' && printf '%s' "${methods[*]}")"
  info "How should $service be installed on $OS_LABEL?"
  local i=0 method
  for method in "${methods[@]}"; do
    i=$((i + 1))
    case "$method" in
      docker) info "  $i) docker (a container)" ;;
      binary) info "  $i) binary (an existing $service binary, run as your user)" ;;
      *) info "  $i) $method (system package manager)" ;;
    esac
  done
  while true; do
    read -r -p "Choose 1-$i [1]: " choice || die "no answer"
    choice=${choice:-1}
    if [[ "$choice" =~ ^[0-9]$ ]] && ((choice >= 1 && choice <= i)); then
      METHOD=${methods[choice - 1]}
      return 0
    fi
    info "Please answer a number from 1 to $i."
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

# The pid in the pid file while that process still runs with the given arguments (the config it was started
# with): after a crash or a reboot the number may belong to another program, which must never be stopped.
own_pid() {
  local pid_file=$1 pid
  shift
  [ -f "$pid_file" ] || return 1
  pid=$(cat "$pid_file")
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && process_has_args "$pid" "$@" || return 1
  printf '%s' "$pid"
}

# True when the process's command line holds the arguments, next to each other and in order.
process_has_args() {
  local pid=$1 arg args="" want
  shift
  want=$(printf '\n%s' "$@")
  if [ -r "/proc/$pid/cmdline" ]; then
    while IFS= read -r -d '' arg; do args+=$'\n'"$arg"; done <"/proc/$pid/cmdline"
    [[ "$args"$'\n' == *"$want"$'\n'* ]]
  else
    # macOS has no /proc; ps joins the arguments with spaces.
    args=$(ps -p "$pid" -o args= 2>/dev/null) || return 1
    [[ " $args " == *" $* "* ]]
  fi
}

# Stops the process the pid file names, if it is still the one started with the given arguments.
stop_background() {
  local pid_file=$1 service=$2 pid i
  shift 2
  if ! pid=$(own_pid "$pid_file" "$@"); then
    if [ -f "$pid_file" ] && pid=$(cat "$pid_file") && [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
      warn "not stopping pid $pid (from $pid_file): it is no longer the $service that was started there"
    fi
    rm -f "$pid_file"
    return 0
  fi
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

# Runs a command as root when the first argument is non-empty, else as the current user.
maybe_root() {
  local root=$1
  shift
  if [ -n "$root" ]; then as_root "$@"; else "$@"; fi
}

# Creates the data folder with the marker file the uninstaller requires before it deletes the folder. A folder
# given with --data-dir that already holds files but no marker of this service is someone else's: refused.
claim_data_dir() {
  local name=$1 service=$2 root=${3:-} dir="$FILES_ROOT$DATA_DIR"
  if [ "${DATA_DIR_GIVEN:-0}" = 1 ] && ! has_data_marker "$name" "$root" && [ -n "$(maybe_root "$root" ls -A "$dir" 2>/dev/null)" ]; then
    die "--data-dir $DATA_DIR already holds files that are not $service's data from install-$name.sh: give a new or empty folder (uninstall-$name.sh --remove-data deletes the whole folder)"
  fi
  install_file "$(printf '%s\n' "# lb-observability: install-$name.sh keeps $service's data in this folder; uninstall-$name.sh --remove-data deletes it." "service=$name")" \
    "$dir/$DATA_MARKER" 0644 "$root" || true
}

has_data_marker() {
  local name=$1 root=${2:-}
  maybe_root "$root" grep -qx "service=$name" "$FILES_ROOT$DATA_DIR/$DATA_MARKER" 2>/dev/null
}

# Text from a state file or a pid file, safe to print: control characters (escape sequences) become "?".
printable() {
  printf '%s' "${1//[[:cntrl:]]/?}"
}

# Removes a file the install wrote (its first line says so); anything else at that path stays, with a warning.
remove_own_file() {
  local file=$1 root=${2:-} first=""
  [ -n "$file" ] && [ -e "$FILES_ROOT$file" ] || return 0
  IFS= read -r first 2>/dev/null <"$FILES_ROOT$file" || true
  case "$first" in
    *"Written by lb-observability"*) maybe_root "$root" rm -f "$FILES_ROOT$file" ;;
    *) warn "leaving $(printable "$file") in place: lb-observability did not write it" ;;
  esac
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
  [ "$METHOD" != apt ] || FILES_ROOT=$SYSROOT
  [ "$DATA_DIR_GIVEN" = 0 ] || check_data_dir

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
# (none: nothing to do), and whether to remove the data, checked before anything changes. Sets STATE_NAME,
# STATE_FILE, METHOD, CONFIG_FILE, DATA_DIR and REMOVE_DATA.
begin_uninstall() {
  local service=$1 installer=$3
  STATE_NAME=$2
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

  STATE_FILE="$STATE_DIR/$STATE_NAME.state"
  METHOD=$(state_get "$STATE_FILE" method)
  if [ -z "$METHOD" ]; then
    info "$service was not installed by $installer (no state in $STATE_FILE); nothing to do."
    exit 0
  fi
  [ "$METHOD" != apt ] || FILES_ROOT=$SYSROOT
  CONFIG_FILE=$(state_get "$STATE_FILE" config_file)
  DATA_DIR=$(state_get "$STATE_FILE" data_dir)
  REMOVE_DATA=0
  decide_remove_data "$service" "$(printable "$DATA_DIR")"
  [ "$REMOVE_DATA" = 0 ] || check_data_removable "$service" "$installer"
}

# --remove-data deletes only the service's own data: the volume install-*.sh names, or a folder that passes
# the --data-dir rules as recorded, is reached through no symbolic link and holds the install's marker file.
check_data_removable() {
  local service=$1 installer=$2 why="" reason root=""
  [ "$METHOD" != apt ] || root=1
  if [ "$METHOD" = docker ]; then
    [ "$DATA_DIR" = "lb-$STATE_NAME-data" ] || why="the state names the volume '$DATA_DIR', not lb-$STATE_NAME-data"
  elif [ -z "$DATA_DIR" ]; then
    why="the state names no data folder"
  elif [ "$(normalize_path "$DATA_DIR")" != "$DATA_DIR" ] || [[ "$DATA_DIR" == *[[:cntrl:]]* ]]; then
    why="'$DATA_DIR' is not an absolute, normalized path as $installer records"
  elif reason=$(unsafe_data_dir "$DATA_DIR"); then
    why="$DATA_DIR $reason"
  elif [ -L "$FILES_ROOT$DATA_DIR" ]; then
    why="$DATA_DIR is a symbolic link"
  elif [ "$(real_path "$DATA_DIR")" != "$DATA_DIR" ]; then
    why="$DATA_DIR leads through a symbolic link to $(real_path "$DATA_DIR")"
  elif [ -e "$FILES_ROOT$DATA_DIR" ] && ! has_data_marker "$STATE_NAME" "$root"; then
    why="$DATA_DIR has no $DATA_MARKER file, which $installer leaves in the data folder it sets up"
  fi
  [ -z "$why" ] || die "refusing to remove $service's data: $(printable "$why") (state: $STATE_FILE). Nothing was changed; uninstall with --keep-data and delete the data yourself if it is $service's"
}

uninstall_docker() {
  local container
  docker_ready
  container=$(state_get "$STATE_FILE" container)
  [ "$container" = "lb-$STATE_NAME" ] || die "the state names the container '$(printable "$container")', not lb-$STATE_NAME (state: $STATE_FILE): remove the container yourself"
  if container_exists "$container"; then
    docker rm -f "$container"
  fi
  [ "$REMOVE_DATA" = 0 ] || docker volume rm "$DATA_DIR"
  remove_own_file "$CONFIG_FILE"
}

# Stops the binary (only while its command line still has the given arguments) and removes what it used.
uninstall_binary() {
  local service=$1
  shift
  stop_background "$STATE_DIR/$STATE_NAME.pid" "$service" "$@"
  remove_own_file "$CONFIG_FILE"
  if [ "$REMOVE_DATA" = 1 ]; then
    rm -rf "$DATA_DIR"
    rm -f "$STATE_DIR/$STATE_NAME.log"
  fi
}

finish_uninstall() {
  local service=$1
  rm -f "$STATE_FILE"
  if [ "$REMOVE_DATA" = 1 ]; then
    info "$service is uninstalled and its data removed."
  else
    info "$service is uninstalled; its data is kept in $(printable "$DATA_DIR")."
  fi
}
