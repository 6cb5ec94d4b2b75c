#!/usr/bin/env bash
# Installs what ua-deploy needs to build and test, and only what is missing.
# Idempotent; meant for root on Debian 12 (uses sudo when not root).
# valijson is header-only: its Debian package drags in every adapter's library, so we
# download the .deb and unpack only its headers into .deps/valijson (docs/design.md "Dependencies").
# dpkg-dev (dpkg-shlibdeps) makes the Debian package; ansible-core, ansible-lint, openssh-server
# and python3-apt (for apt on the hosts) serve the fleet tests (docs/fleet.md).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
for pkg in cmake g++ make libgit2-dev nlohmann-json3-dev libspdlog-dev libfmt-dev catch2 \
  libssl-dev libcli11-dev libre2-dev libtomlplusplus-dev rsync git e2fsprogs strace \
  dpkg-dev ansible-core ansible-lint openssh-server openssh-client python3-apt; do
  have_pkg "$pkg" || need+=("$pkg")
done
command -v python3 >/dev/null || need+=(python3)
# Node may come from elsewhere (nodesource bundles npm); only ask Debian when absent.
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)

updated=0
apt_update_once() {
  if [ "$updated" -eq 0 ]; then as_root apt-get update -qq; updated=1; fi
}
if [ "${#need[@]}" -gt 0 ]; then
  echo "install-deps: installing ${need[*]}" >&2
  apt_update_once
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${need[@]}" >&2
fi

vj="$repo/.deps/valijson"
if [ ! -f "$vj/usr/include/valijson/validator.hpp" ]; then
  echo "install-deps: fetching valijson headers into $vj" >&2
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  chmod 777 "$tmp"
  if ! (cd "$tmp" && apt-get download libvalijson-dev >/dev/null 2>&1); then
    apt_update_once
    (cd "$tmp" && apt-get download libvalijson-dev >/dev/null)
  fi
  rm -rf "$vj.partial"
  mkdir -p "$vj.partial"
  dpkg -x "$tmp"/libvalijson-dev_*.deb "$vj.partial"
  rm -rf "$vj"
  mv "$vj.partial" "$vj"
fi
echo "install-deps: all dependencies present" >&2
