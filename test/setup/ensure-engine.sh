#!/usr/bin/env bash
# Makes sure a Docker engine answers, with Swarm active, for the engine tests.
#
# - An engine already reachable (DOCKER_HOST or the default socket) is used as it is.
# - Otherwise, as root on Debian/Ubuntu: install docker.io and busybox-static if missing, start dockerd in the
#   background (log in $STEVEDORE_STATE/dockerd.log), wait for the socket.
# - Elsewhere: stop with a message saying what to install.
# Then `docker swarm init --advertise-addr 127.0.0.1` if Swarm is inactive. Safe to run again and again.
set -euo pipefail

state="${STEVEDORE_STATE:-${TMPDIR:-/tmp}/stevedore-engine}"
sock="/var/run/docker.sock"
log() { printf 'ensure-engine: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

engine_answers() { command -v docker >/dev/null 2>&1 && timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

is_debian_root() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

install_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  # The test images are FROM scratch with a static busybox; the dynamic 'busybox' package would not run there.
  dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' || missing+=(busybox-static)
  # The connection tests start a TLS dockerd (certificates from openssl) and an sshd on 127.0.0.1.
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v ssh >/dev/null 2>&1 || missing+=(openssh-client)
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

start_dockerd() {
  mkdir -p "$state"
  if pgrep -x dockerd >/dev/null 2>&1; then
    log "dockerd is running but does not answer yet; waiting"
  else
    log "starting dockerd (log: $state/dockerd.log)"
    # setsid: dockerd must outlive the shell that started it (npm test, .ci/run).
    setsid nohup dockerd >"$state/dockerd.log" 2>&1 </dev/null &
  fi
  for _ in $(seq 1 120); do
    [ -S "$sock" ] && engine_answers && return 0
    sleep 0.5
  done
  tail -n 20 "$state/dockerd.log" >&2 || true
  die "dockerd did not answer on $sock within 60 s (log above)"
}

if ! engine_answers; then
  if [ -n "${DOCKER_HOST:-}" ]; then
    die "no Docker engine answers at DOCKER_HOST=$DOCKER_HOST; start it, or unset DOCKER_HOST to use the local socket"
  fi
  if ! is_debian_root; then
    die "no Docker engine answers at unix://$sock. Install Docker Engine (https://docs.docker.com/engine/install/) and start it, or run this as root on Debian/Ubuntu to have it installed (docker.io, busybox-static)."
  fi
  install_packages
  start_dockerd
elif is_debian_root; then
  install_packages   # busybox-static is still needed to build the test image
fi

swarm_state=$(docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || echo unknown)
if [ "$swarm_state" = "inactive" ]; then
  log "initialising a one-node swarm on 127.0.0.1"
  docker swarm init --advertise-addr 127.0.0.1 >/dev/null
fi
log "engine $(docker version --format '{{.Server.Version}}') ready; swarm: $(docker info --format '{{.Swarm.LocalNodeState}}')"
