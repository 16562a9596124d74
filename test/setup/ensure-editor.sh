#!/usr/bin/env bash
# Makes sure the real editor for the end-to-end tier and `npm start` is here: code-server (the VS Code server, from
# npm) in .vscode-test/code-server/, and Chromium to drive it in tests. Idempotent; no network but npm and apt.
#
# Why not a project dependency: code-server is ~300 MB and its install scripts need special handling as root and
# offline (ripgrep's download seeded from the system's rg). Why this version: 4.100.3 (= VS Code 1.100.3) is the
# last line that runs on Node 20; engines.vscode stays <= 1.100 to match.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
version="${STEVEDORE_CODE_SERVER_VERSION:-4.100.3}"
dir="$root/.vscode-test/code-server"
bin="$dir/node_modules/.bin/code-server"
log() { printf 'ensure-editor: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
[ -e /usr/include/krb5.h ] || [ -e /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${need_apt[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    die "missing ${need_apt[*]}: install them with your package manager (the editor tests drive Chromium; code-server builds against kerberos headers)"
  fi
fi

if [ -x "$bin" ] && XDG_CONFIG_HOME="$dir/.config" "$bin" --version 2>/dev/null | grep -q "^$version "; then
  log "code-server $version already installed"
  exit 0
fi

log "installing code-server $version into $dir (a few minutes the first time)"
mkdir -p "$dir"
tmp="${TMPDIR:-/tmp}"
# @vscode/ripgrep's postinstall downloads a binary from GitHub; it first looks in its cache, so put Debian's rg
# there under the name it wants (code-server 4.100.3 ships @vscode/ripgrep 1.15.11, which wants v13.0.0-10).
case "$(uname -m)" in x86_64) triple=x86_64-unknown-linux-musl ;; aarch64) triple=aarch64-unknown-linux-musl ;; *) triple="" ;; esac
if [ -n "$triple" ]; then
  cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
  tarball="$cache/ripgrep-v13.0.0-10-$triple.tar.gz"
  if [ ! -f "$tarball" ]; then
    mkdir -p "$cache/seed" && cp "$(command -v rg)" "$cache/seed/rg" && tar -czf "$tarball" -C "$cache/seed" rg && rm -rf "$cache/seed"
  fi
fi
# code-server's native modules (argon2, node-pty…) are built by node-gyp, which downloads Node's headers from
# nodejs.org unless npm names a nodedir. Offline, with a new HOME (no ~/.npmrc), that download fails: use the
# headers the system's Node ships (Debian's nodejs: /usr/include/node) when npm has none configured.
nodedir=$(npm config get nodedir 2>/dev/null || true)
if { [ -z "$nodedir" ] || [ "$nodedir" = undefined ] || [ "$nodedir" = null ]; } && [ -f "$(dirname "$(dirname "$(command -v node)")")/include/node/node.h" ]; then
  export npm_config_nodedir
  npm_config_nodedir="$(dirname "$(dirname "$(command -v node)")")"
  log "building native modules against the system's Node headers ($npm_config_nodedir/include/node)"
fi
[ -f "$dir/package.json" ] || printf '{ "name": "stevedore-editor", "private": true }\n' > "$dir/package.json"
(
  cd "$dir"
  # unsafe_perm: code-server's postinstall refuses to run as root without it; yes: node-pty calls `npx node-gyp`.
  npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --loglevel=error \
    "code-server@$version" >"$dir/install.log" 2>&1
) || { tail -n 30 "$dir/install.log" >&2; die "npm install code-server@$version failed (log above)"; }
XDG_CONFIG_HOME="$dir/.config" "$bin" --version | head -n 1 >&2
