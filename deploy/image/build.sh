#!/usr/bin/env bash
# `make image`: the Parley worker image, built with no image registry.
#
#   deploy/image/build.sh                       Debian base made here (base.sh), then the image
#   BASE=python:3.11-slim deploy/image/build.sh  FROM an image the engine can pull or has
#
# IMAGE names the result (default parley:VERSION). Starts a private dockerd if no engine
# answers (engine.sh) and stops it again; the image stays in its data root, so later
# commands reach it with DOCKER_HOST=unix:///run/parley-dockerd.sock (PARLEY_KEEP_ENGINE=1
# leaves that dockerd running). The build uses the host's network (pip reaches PyPI,
# apt reaches Debian) and no bridge.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=deploy/image/engine.sh
. deploy/image/engine.sh

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' pyproject.toml | head -1)"
IMAGE="${IMAGE:-parley:$version}"
BASE="${BASE:-parley-base:bookworm}"

parley_engine_start
[ "${PARLEY_KEEP_ENGINE:-0}" = 1 ] || trap parley_engine_stop EXIT

if [ "$BASE" = parley-base:bookworm ]; then
  bash deploy/image/base.sh "$BASE"
fi

# Certificate authorities this host trusts beyond Debian's (Debian's place for local
# additions), for the build's downloads through a TLS-inspecting proxy.
ca=""
for crt in /usr/local/share/ca-certificates/*.crt; do
  [ -f "$crt" ] && ca="$ca$(cat "$crt")"$'\n'
done

# The build context is a tar stream of exactly what the image needs, so that neither
# the legacy builder (which ignores deploy/Dockerfile.dockerignore) nor BuildKit sends
# the virtualenv or host-compiled modules.
start=$(date +%s)
tar -c --exclude='*.so' --exclude='__pycache__' --exclude='*.pyc' \
  pyproject.toml setup.py README.md schemas services deploy/Dockerfile |
  docker build --network host --build-arg "BASE=$BASE" --build-arg "BUILD_CA=$ca" -f deploy/Dockerfile -t "$IMAGE" -
took=$(( $(date +%s) - start ))
size=$(docker image inspect -f '{{.Size}}' "$IMAGE")
echo "built $IMAGE from $BASE in ${took}s: $((size / 1000000)) MB"
