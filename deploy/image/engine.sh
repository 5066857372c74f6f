# shellcheck shell=bash
# Sourced by the image scripts: a Docker engine to talk to, started here if none answers.
#
# An engine that already answers (DOCKER_HOST, else the default socket) is used as it
# is. Otherwise, as root, a private dockerd is started on its own socket and data root
# with no bridge and no iptables rules: builds and containers then have the host's
# network only (`--network host`), so nothing they send leaves the loopback unless the
# host itself sends it (pip to PyPI, apt to Debian). Its socket is not the default one,
# so the integration tests on the same machine do not mistake it for a registry-backed
# engine. `parley_engine_stop` stops it again, and only a dockerd started here.
PARLEY_DOCKERD_SOCK="${PARLEY_DOCKERD_SOCK:-/run/parley-dockerd.sock}"
PARLEY_DOCKERD_ROOT="${PARLEY_DOCKERD_ROOT:-/var/lib/parley-docker}"
parley_dockerd_pid=""

parley_engine_answers() {
  docker version --format '{{.Server.Version}}' >/dev/null 2>&1
}

parley_engine_start() {
  if parley_engine_answers; then
    return 0
  fi
  if [ -z "${DOCKER_HOST:-}" ] || [ "$DOCKER_HOST" = "unix://$PARLEY_DOCKERD_SOCK" ]; then
    export DOCKER_HOST="unix://$PARLEY_DOCKERD_SOCK"
    if parley_engine_answers; then
      return 0
    fi
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "no Docker engine answers and starting one needs root" >&2
    return 1
  fi
  command -v dockerd >/dev/null || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io
  }
  mkdir -p "$PARLEY_DOCKERD_ROOT"
  local log="${PARLEY_DOCKERD_LOG:-/tmp/parley-dockerd.log}"
  dockerd --bridge=none --iptables=false --ip6tables=false \
    -H "unix://$PARLEY_DOCKERD_SOCK" --data-root "$PARLEY_DOCKERD_ROOT" \
    --exec-root /run/parley-docker --pidfile /run/parley-dockerd.pid >"$log" 2>&1 &
  parley_dockerd_pid=$!
  local _
  for _ in $(seq 60); do
    parley_engine_answers && { echo "started dockerd (pid $parley_dockerd_pid, $DOCKER_HOST)"; return 0; }
    kill -0 "$parley_dockerd_pid" 2>/dev/null || break
    sleep 1
  done
  echo "dockerd did not come up; its log ($log):" >&2
  tail -20 "$log" >&2
  return 1
}

parley_engine_stop() {
  if [ -n "$parley_dockerd_pid" ]; then
    kill "$parley_dockerd_pid" 2>/dev/null || true
    wait "$parley_dockerd_pid" 2>/dev/null || true
    echo "stopped dockerd (pid $parley_dockerd_pid)"
    parley_dockerd_pid=""
  fi
}
