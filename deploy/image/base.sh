#!/usr/bin/env bash
# A Debian base image made here, with no image registry: debootstrap fetches Debian's
# packages (the only registry this needs) into a directory and `docker import` turns it
# into an image. Python comes from Debian (bookworm: 3.11, as in python:3.11-slim).
#
#   deploy/image/base.sh [TAG]        (root; default tag parley-base:bookworm)
#
# Skips the work when the tag already exists; PARLEY_BASE_REBUILD=1 forces it.
# PARLEY_DEBIAN_MIRROR overrides the mirror (default: the host's, else deb.debian.org).
set -euo pipefail
TAG="${1:-parley-base:bookworm}"
SUITE="${PARLEY_DEBIAN_SUITE:-bookworm}"

if [ "${PARLEY_BASE_REBUILD:-0}" != 1 ] && docker image inspect "$TAG" >/dev/null 2>&1; then
  echo "base image $TAG already exists"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "debootstrap needs root (sudo $0)" >&2
  exit 1
fi
command -v debootstrap >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap
}

# The host's own Debian mirror when it has one, so that the same proxy or snapshot
# serves both; a deb822 sources file names it on its URIs line.
mirror="${PARLEY_DEBIAN_MIRROR:-}"
if [ -z "$mirror" ]; then
  mirror="$(sed -n 's/^URIs: *\(http[^ ]*\/debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)"
fi
mirror="${mirror:-http://deb.debian.org/debian}"

root="$(mktemp -d /var/tmp/parley-rootfs.XXXXXX)"
trap 'rm -rf "$root"' EXIT
# minbase: essential packages and apt only. python3-venv brings ensurepip, which the
# Dockerfile's virtualenv needs; ca-certificates lets pip reach PyPI over TLS.
debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
  "$SUITE" "$root" "$mirror"

# What an image does not need: package caches, documentation, other languages' messages.
chroot "$root" apt-get clean
rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
  "$root"/usr/share/info/* "$root"/var/cache/debconf/*-old "$root"/var/log/*.log
find "$root"/usr/share/locale -mindepth 1 -maxdepth 1 ! -name 'en*' -exec rm -rf {} +
# The layout of Debian's own images: no recommends, and apt keeps no downloaded .debs.
printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' \
  >"$root"/etc/apt/apt.conf.d/90parley-no-recommends
printf 'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb || true"; };\n' \
  >"$root"/etc/apt/apt.conf.d/90parley-clean

tar --numeric-owner -C "$root" -c . | docker import \
  --change 'ENV LANG=C.UTF-8' --change 'CMD ["/bin/bash"]' - "$TAG"
echo "base image $TAG: $(docker image inspect -f '{{.Size}}' "$TAG") bytes"
