#!/usr/bin/env bash
# A multi-node Docker Swarm on this machine, beside its own engine (the recipe: ARCHITECTURE.md, "Clusters").
#
#   swarm-lab.sh up --name L [--nodes 3]   make lab L (idempotent); prints the manager's socket path
#   swarm-lab.sh node-down L N             lose node N: SIGKILL its dockerd, containerd, shims and containers
#   swarm-lab.sh node-up L N               start node N's dockerd again (it rejoins the swarm)
#   swarm-lab.sh status L                  each node's daemon and the manager's node list
#   swarm-lab.sh down L                    remove everything lab L made
#
# Each node is a dockerd in network namespace sdlab-L-nN (and private mount and UTS namespaces, with tmpfs over
# /run/docker and /run/containerd so the machine's engine's runtime files are never seen), attached by a veth to a
# bridge in a hub namespace sdlab-L-hub: the host's network and firewall are not touched, and the nodes have no
# default route, so nothing leaves the lab. Node N has address 10.77.I.1N, where I is the lab's index (the lowest one
# free when it came up); swarm overlays take 10.78.I*16.0/20 and local networks 10.79.I*16.0/20, so two labs can run
# at once. Sockets, pidfiles and exec roots: /run/stevedore-lab/L/; data roots: /var/lib/stevedore-lab/L/; the
# containers' cgroups: /sdlab-L-nN. Swarm: node1 manager, the others workers, dispatcher heartbeat 1 s (a lost node is
# Down in a few seconds). Every node holds the image stevedore/busybox:local (a static busybox rootfs, imported once
# and loaded into each node, so its ID is the same everywhere; there is no registry). Needs root, iproute2,
# util-linux (nsenter, unshare), docker.io and busybox-static.
set -euo pipefail

RUN_ROOT=/run/stevedore-lab
DATA_ROOT=/var/lib/stevedore-lab
IMAGE=stevedore/busybox:local

log() { printf 'swarm-lab: %s\n' "$*" >&2; }
die() {
  log "$*"
  exit 1
}
usage() { die "usage: $0 up --name L [--nodes N] | node-down L N | node-up L N | status L | down L"; }

check_name() {
  [[ "$1" =~ ^[a-z][a-z0-9]{0,7}$ ]] || die "lab name '$1': 1-8 lower-case letters or digits, starting with a letter"
}
check_node() {
  [[ "$2" =~ ^[1-9]$ ]] || die "node '$2': a number from 1 to 9"
  [ -f "$RUN_ROOT/$1/nodes" ] || die "no lab '$1' (run: $0 up --name $1)"
  [ "$2" -le "$(cat "$RUN_ROOT/$1/nodes")" ] || die "lab '$1' has no node $2"
}

# Paths and names of lab $LAB, node $1.
hub_ns() { echo "sdlab-$LAB-hub"; }
node_ns() { echo "sdlab-$LAB-n$1"; }
sock() { echo "$RUN_ROOT/$LAB/node$1.sock"; }
pidfile() { echo "$RUN_ROOT/$LAB/node$1.pid"; }
addr() { echo "10.77.$(cat "$RUN_ROOT/$LAB/index").1$1"; }
dk() {
  local n=$1
  shift
  timeout 30 docker -H "unix://$(sock "$n")" "$@"
}
answers() { [ -S "$(sock "$1")" ] && timeout 5 docker -H "unix://$(sock "$1")" version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# The lowest index no other lab uses (under a lock, so two labs coming up at once get different ones).
allocate_index() {
  local dir=$RUN_ROOT/$LAB
  [ -f "$dir/index" ] && return 0
  exec 9>"$RUN_ROOT/.lock"
  flock 9
  local i used
  used=$(cat "$RUN_ROOT"/*/index 2>/dev/null || true)
  for i in $(seq 1 15); do
    if ! grep -qx "$i" <<<"$used"; then
      echo "$i" >"$dir/index"
      flock -u 9
      return 0
    fi
  done
  die "15 labs are up already"
}

make_network() {
  local nodes=$1 hub n
  hub=$(hub_ns)
  [ -e "/run/netns/$hub" ] || ip netns add "$hub"
  ip -n "$hub" link set lo up
  if ! ip -n "$hub" link show br0 >/dev/null 2>&1; then
    ip -n "$hub" link add br0 type bridge stp_state 0
  fi
  ip -n "$hub" link set br0 up
  for n in $(seq 1 "$nodes"); do
    local ns
    ns=$(node_ns "$n")
    [ -e "/run/netns/$ns" ] || ip netns add "$ns"
    if ! ip -n "$ns" link show eth0 >/dev/null 2>&1; then
      ip -n "$hub" link add "n$n" type veth peer name eth0 netns "$ns"
      ip -n "$ns" addr add "$(addr "$n")/24" dev eth0
    fi
    ip -n "$hub" link set "n$n" master br0 up
    ip -n "$ns" link set lo up
    ip -n "$ns" link set eth0 up
  done
}

write_config() {
  local n=$1 i
  i=$(cat "$RUN_ROOT/$LAB/index")
  mkdir -p "$DATA_ROOT/$LAB/node$n"
  cat >"$RUN_ROOT/$LAB/node$n.json" <<EOF
{
  "data-root": "$DATA_ROOT/$LAB/node$n",
  "exec-root": "$RUN_ROOT/$LAB/x$n",
  "pidfile": "$(pidfile "$n")",
  "hosts": ["unix://$(sock "$n")"],
  "bridge": "none",
  "cgroup-parent": "/$(node_ns "$n")",
  "default-address-pools": [{ "base": "10.79.$((i * 16)).0/20", "size": 24 }],
  "log-driver": "json-file"
}
EOF
}

dockerd_pid() {
  local f
  f=$(pidfile "$1")
  [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"
  return 0
}

start_node() {
  local n=$1
  if answers "$n"; then return 0; fi
  if [ -z "$(dockerd_pid "$n")" ]; then
    write_config "$n"
    rm -f "$(sock "$n")" "$(pidfile "$n")"
    # A private mount namespace: tmpfs over /run/docker and /run/containerd hides the machine's engine's runtime
    # files (its containerd socket among them) from this dockerd, which then starts its own containerd. Values go in
    # as arguments, never into the script text.
    mkdir -p /run/containerd
    setsid nsenter --net="/run/netns/$(node_ns "$n")" unshare --mount --uts --propagation slave -- \
      sh -c 'mount -t tmpfs -o mode=0711 tmpfs /run/docker && mount -t tmpfs -o mode=0711 tmpfs /run/containerd &&
             hostname "$1" && exec dockerd --config-file "$2"' \
      sh "node$n" "$RUN_ROOT/$LAB/node$n.json" >"$RUN_ROOT/$LAB/node$n.log" 2>&1 </dev/null &
  fi
  # 60 s: on a loaded 2-core CI machine (the engine tier beside this one) a restarted dockerd has needed over 30 s.
  for _ in $(seq 1 240); do
    answers "$n" && return 0
    sleep 0.25
  done
  tail -n 20 "$RUN_ROOT/$LAB/node$n.log" >&2 || true
  die "node $n's dockerd did not answer on $(sock "$n") within 60 s (log above)"
}

# A static busybox rootfs imported on node 1, saved once, loaded into the others: the same image ID on every node.
ensure_image() {
  local nodes=$1 tar=$RUN_ROOT/$LAB/image.tar n
  if ! dk 1 image inspect "$IMAGE" >/dev/null 2>&1; then
    local bb rootfs
    bb=$(command -v busybox) || die "busybox-static is not installed"
    rootfs=$(mktemp -d)
    mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/www" "$rootfs/root" "$rootfs/etc"
    cp "$bb" "$rootfs/bin/busybox"
    local applet
    for applet in $("$bb" --list); do
      [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
    done
    tar -C "$rootfs" -cf - . | dk 1 import --change 'CMD ["/bin/sh"]' - "$IMAGE" >/dev/null
    rm -rf "$rootfs"
  fi
  local id
  id=$(dk 1 image inspect --format '{{.Id}}' "$IMAGE")
  for n in $(seq 2 "$nodes"); do
    [ "$(dk "$n" image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)" = "$id" ] && continue
    [ -f "$tar" ] || dk 1 save -o "$tar" "$IMAGE"
    dk "$n" load -q -i "$tar" >/dev/null
  done
  rm -f "$tar"
}

ensure_swarm() {
  local nodes=$1 i n state
  i=$(cat "$RUN_ROOT/$LAB/index")
  state=$(dk 1 info --format '{{.Swarm.LocalNodeState}}')
  if [ "$state" != active ]; then
    dk 1 swarm init --advertise-addr "$(addr 1)" --listen-addr "$(addr 1):2377" \
      --default-addr-pool "10.78.$((i * 16)).0/20" --default-addr-pool-mask-length 24 \
      --dispatcher-heartbeat 1s >/dev/null
  fi
  local token
  token=$(dk 1 swarm join-token -q worker)
  for n in $(seq 2 "$nodes"); do
    state=$(dk "$n" info --format '{{.Swarm.LocalNodeState}}')
    [ "$state" = active ] && continue
    [ "$state" = inactive ] || die "node $n's swarm state is '$state'"
    dk "$n" swarm join --token "$token" --advertise-addr "$(addr "$n")" --listen-addr "$(addr "$n"):2377" \
      "$(addr 1):2377" >/dev/null
  done
  # Ready on every node, as the manager sees it.
  for _ in $(seq 1 120); do
    [ "$(dk 1 node ls --format '{{.Status}}' | grep -cx Ready)" -ge "$nodes" ] && return 0
    sleep 0.25
  done
  dk 1 node ls >&2 || true
  die "not every node is Ready within 30 s"
}

cmd_up() {
  local nodes=3
  LAB=
  while [ $# -gt 0 ]; do
    case $1 in
      --name) LAB=${2:-} && shift 2 ;;
      --nodes) nodes=${2:-} && shift 2 ;;
      *) usage ;;
    esac
  done
  [ -n "$LAB" ] || usage
  check_name "$LAB"
  [[ "$nodes" =~ ^[1-9]$ ]] || die "--nodes '$nodes': a number from 1 to 9"
  [ "$(id -u)" = 0 ] || die "the lab needs root (network namespaces, dockerd)"
  local c
  for c in ip nsenter unshare dockerd docker busybox flock; do
    command -v "$c" >/dev/null 2>&1 || die "'$c' is missing (packages: iproute2, util-linux, docker.io, busybox-static)"
  done
  mkdir -p "$RUN_ROOT/$LAB" "$DATA_ROOT/$LAB"
  if [ -f "$RUN_ROOT/$LAB/nodes" ] && [ "$(cat "$RUN_ROOT/$LAB/nodes")" != "$nodes" ]; then
    die "lab '$LAB' is up with $(cat "$RUN_ROOT/$LAB/nodes") nodes; take it down first"
  fi
  echo "$nodes" >"$RUN_ROOT/$LAB/nodes"
  allocate_index
  make_network "$nodes"
  local n
  for n in $(seq 1 "$nodes"); do start_node "$n" & done
  local failed=0
  for n in $(seq 1 "$nodes"); do wait -n || failed=1; done
  [ $failed = 0 ] || die "a node did not start"
  ensure_image "$nodes"
  ensure_swarm "$nodes"
  sock 1
}

# Every process of node $1: those in its network namespace (dockerd, containerd, shims), those in its containers'
# cgroups, and the descendants of either (a container's processes have network namespaces of their own).
node_pids() {
  local n=$1 ns roots
  ns=$(node_ns "$n")
  roots=$({
    [ -e "/run/netns/$ns" ] && ip netns pids "$ns"
    cat /sys/fs/cgroup/pids/"$ns"/*/cgroup.procs /sys/fs/cgroup/pids/"$ns"/cgroup.procs 2>/dev/null
    cat /sys/fs/cgroup/"$ns"/*/cgroup.procs 2>/dev/null
    dockerd_pid "$n"
  } | sort -un)
  [ -n "$roots" ] || return 0
  ps -e -o pid=,ppid= | awk -v roots="$roots" '
    BEGIN { n = split(roots, r, "\n"); for (i = 1; i <= n; i++) keep[r[i]] = 1 }
    { parent[$1] = $2 }
    END {
      do { grew = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; grew = 1 } } while (grew)
      for (p in keep) print p
    }'
}

kill_node() {
  local n=$1 pids
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    pids=$(node_pids "$n")
    [ -n "$pids" ] || break
    # shellcheck disable=SC2086
    kill -9 $pids 2>/dev/null || true
    sleep 0.2
  done
  [ -z "$(node_pids "$n")" ] || die "node $n: processes $(node_pids "$n" | tr '\n' ' ')survived SIGKILL"
  rm -f "$(sock "$n")" "$(pidfile "$n")"
}

cmd_node_down() {
  [ $# = 2 ] || usage
  LAB=$1
  check_name "$LAB"
  check_node "$LAB" "$2"
  kill_node "$2"
  log "node $2 of lab $LAB is down"
}

cmd_node_up() {
  [ $# = 2 ] || usage
  LAB=$1
  check_name "$LAB"
  check_node "$LAB" "$2"
  start_node "$2"
  log "node $2 of lab $LAB answers on $(sock "$2")"
}

cmd_status() {
  [ $# = 1 ] || usage
  LAB=$1
  check_name "$LAB"
  [ -f "$RUN_ROOT/$LAB/nodes" ] || die "no lab '$LAB'"
  local n
  for n in $(seq 1 "$(cat "$RUN_ROOT/$LAB/nodes")"); do
    if answers "$n"; then
      echo "node$n $(addr "$n") up $(sock "$n")"
    else
      echo "node$n $(addr "$n") down"
    fi
  done
  answers 1 && dk 1 node ls
  return 0
}

remove_cgroups() {
  local dir
  for dir in /sys/fs/cgroup/*/"$1" /sys/fs/cgroup/"$1"; do
    [ -d "$dir" ] || continue
    find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
}

cmd_down() {
  [ $# = 1 ] || usage
  LAB=$1
  check_name "$LAB"
  local nodes=9 n
  [ -f "$RUN_ROOT/$LAB/nodes" ] && nodes=$(cat "$RUN_ROOT/$LAB/nodes")
  for n in $(seq 1 "$nodes"); do
    kill_node "$n"
    remove_cgroups "$(node_ns "$n")"
    [ -e "/run/netns/$(node_ns "$n")" ] && ip netns del "$(node_ns "$n")"
  done
  if [ -e "/run/netns/$(hub_ns)" ]; then
    [ -z "$(ip netns pids "$(hub_ns)")" ] || die "processes left in $(hub_ns)"
    ip netns del "$(hub_ns)"
  fi
  rm -rf "${RUN_ROOT:?}/$LAB" "${DATA_ROOT:?}/$LAB"
  log "lab $LAB is gone"
}

[ $# -ge 1 ] || usage
command=$1
shift
case $command in
  up) cmd_up "$@" ;;
  node-down) cmd_node_down "$@" ;;
  node-up) cmd_node_up "$@" ;;
  status) cmd_status "$@" ;;
  down) cmd_down "$@" ;;
  *) usage ;;
esac
