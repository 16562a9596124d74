#!/usr/bin/env bash
# What the project's tests create on the machine, and nothing else: removed (default) or only listed (--check).
#
#   bash test/setup/clean.sh           remove it all: .ci/run does this first, so that every CI run is a first run
#   bash test/setup/clean.sh --check   list what is left and exit 1 if anything is: .ci/run does this after the suite
#
# The project's things, by the names and labels the tests give them (CONTRIBUTING.md, "Tests"):
#   - containers labelled org.stevedore.test, or named sd…, or of a compose project / stack named sd…;
#   - swarm services, secrets and configs, networks and volumes named sd…;
#   - images whose repository starts with stevedore or sd (stevedore/busybox:local is built again by the tests);
#   - swarm labs (test/setup/swarm-lab.sh) of any name, and their state folders.
# With no engine answering there is nothing to clean on it; the labs are still removed.
set -uo pipefail

check=false
[ "${1:-}" = "--check" ] && check=true
here=$(cd "$(dirname "$0")" && pwd)
left=()

found() {
  # $1 kind, rest: names
  local kind=$1
  shift
  for name in "$@"; do left+=("$kind $name"); done
}

engine_answers() { command -v docker >/dev/null 2>&1 && timeout 10 docker version >/dev/null 2>&1; }

ours() { grep -E '^sd' || true; }

if engine_answers; then
  mapfile -t containers < <(
    {
      docker ps -aq --filter label=org.stevedore.test
      docker ps -a --format '{{.ID}} {{.Names}} {{.Label "com.docker.compose.project"}} {{.Label "com.docker.stack.namespace"}}' |
        awk '$2 ~ /^sd/ || $3 ~ /^sd/ || $4 ~ /^sd/ { print $1 }'
    } | sort -u
  )
  swarm=$(docker info --format '{{.Swarm.ControlAvailable}}' 2>/dev/null)
  services=() secrets=() configs=()
  if [ "$swarm" = "true" ]; then
    mapfile -t services < <(docker service ls --format '{{.Name}}' | ours)
    mapfile -t secrets < <(docker secret ls --format '{{.Name}}' | ours)
    mapfile -t configs < <(docker config ls --format '{{.Name}}' | ours)
  fi
  mapfile -t networks < <(docker network ls --format '{{.Name}}' | ours)
  mapfile -t volumes < <(docker volume ls --format '{{.Name}}' | ours)
  mapfile -t images < <(docker image ls --format '{{.Repository}}:{{.Tag}}' | grep -E '^(stevedore|sd)' || true)

  if $check; then
    found container "${containers[@]}"
    found service "${services[@]}"
    found secret "${secrets[@]}"
    found config "${configs[@]}"
    found network "${networks[@]}"
    found volume "${volumes[@]}"
    # The test image is built by the first test that needs it and kept for the next run (.ci/run removes it first).
    # stevedore/lock:1 is the deploy lock's empty image, imported once per engine by the product itself.
    found image $(printf '%s\n' "${images[@]}" | grep -v -e '^stevedore/busybox:local$' -e '^stevedore/lock:1$' || true)
  else
    [ ${#services[@]} -eq 0 ] || docker service rm "${services[@]}" >/dev/null
    [ ${#containers[@]} -eq 0 ] || docker rm -f -v "${containers[@]}" >/dev/null
    [ ${#secrets[@]} -eq 0 ] || docker secret rm "${secrets[@]}" >/dev/null
    [ ${#configs[@]} -eq 0 ] || docker config rm "${configs[@]}" >/dev/null
    # A service's tasks leave a moment after the service: networks and volumes in use are tried again.
    for _ in $(seq 1 30); do
      mapfile -t containers < <(docker ps -aq --filter label=com.docker.swarm.service.name | while read -r id; do
        docker inspect --format '{{.Id}} {{index .Config.Labels "com.docker.swarm.service.name"}}' "$id"
      done | awk '$2 ~ /^sd/ { print $1 }')
      [ ${#containers[@]} -eq 0 ] || docker rm -f -v "${containers[@]}" >/dev/null 2>&1
      busy=false
      for n in "${networks[@]}"; do docker network rm "$n" >/dev/null 2>&1 || busy=true; done
      for v in "${volumes[@]}"; do docker volume rm "$v" >/dev/null 2>&1 || busy=true; done
      $busy || break
      mapfile -t networks < <(docker network ls --format '{{.Name}}' | ours)
      mapfile -t volumes < <(docker volume ls --format '{{.Name}}' | ours)
      sleep 1
    done
    [ ${#images[@]} -eq 0 ] || docker image rm -f "${images[@]}" >/dev/null
  fi
fi

# Labs: one folder per lab under /run/stevedore-lab (swarm-lab.sh's RUN_ROOT); down removes its namespaces and data.
for dir in /run/stevedore-lab/*/; do
  [ -d "$dir" ] || continue
  lab=$(basename "$dir")
  if $check; then
    found lab "$lab"
  else
    bash "$here/swarm-lab.sh" down "$lab" 2>/dev/null || printf 'clean: lab %s could not be removed\n' "$lab" >&2
  fi
done

if $check; then
  if [ ${#left[@]} -gt 0 ]; then
    printf 'clean: the suite left these behind:\n' >&2
    printf '  %s\n' "${left[@]}" >&2
    exit 1
  fi
  printf 'clean: the suite left nothing behind\n' >&2
else
  printf 'clean: no test image, container, service, network, volume, secret, config or lab of the project is left\n' >&2
fi
