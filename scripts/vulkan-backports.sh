#!/usr/bin/env bash
# Installs Mesa's software Vulkan driver (lavapipe) from bookworm-backports, idempotently, so
# onnxruntime's WebGPU provider (Dawn on Vulkan) runs on a machine without a GPU. Adds the
# bookworm-backports suite from the same mirror as the main suite; installs nothing else
# from it but mesa-vulkan-drivers and what that version requires.
set -euo pipefail

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Mesa 25's lavapipe is the oldest Dawn accepts here; Debian 12 ships 22.3.
installed=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)
if [ -n "$installed" ] && dpkg --compare-versions "$installed" ge 25 &&
  dpkg-query -W -f='${Status}' libvulkan1 2>/dev/null | grep -q "ok installed"; then
  exit 0
fi

# The main suite's mirror, from deb822 .sources files or one-line sources.list entries.
main_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk 'BEGIN { RS = ""; FS = "\n" }
      /(^|\n)Suites:([^\n]* )?bookworm( |\n|$)/ && !/(^|\n)Enabled: *no/ {
        for (i = 1; i <= NF; i++) if ($i ~ /^URIs:/) { split($i, u, " "); print u[2]; exit }
      }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk '$1 == "deb" { sub(/^deb +(\[[^]]*\] +)?/, ""); if ($2 == "bookworm") print $1 }' "$f"
  done
}

if ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
  mirror=$(main_mirror | sed -n 1p)
  if [ -z "$mirror" ]; then
    echo "vulkan-backports: no apt source for the bookworm suite found to take the mirror from" >&2
    exit 1
  fi
  echo "vulkan-backports: adding bookworm-backports from $mirror"
  printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$mirror" | sudo_if_needed tee /etc/apt/sources.list.d/bookworm-backports.sources >/dev/null
fi

echo "vulkan-backports: installing mesa-vulkan-drivers from bookworm-backports, libvulkan1"
sudo_if_needed apt-get update -qq
# pkg/suite takes that one package (and what its version requires) from backports; backports'
# default priority (100) keeps every other package on the main suite.
sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  mesa-vulkan-drivers/bookworm-backports libvulkan1 >/dev/null
dpkg-query -W -f='vulkan-backports: mesa-vulkan-drivers ${Version}\n' mesa-vulkan-drivers
