#!/usr/bin/env bash
# One place for every system package Heaters' tests, demo and benchmarks need on Debian 12.
# Shared by the README, .ci/run and developers. Idempotent: re-running only fills what is missing.
set -euo pipefail

need_root() { if [ "$(id -u)" -ne 0 ]; then echo "run as root (or with sudo): $0" >&2; exit 1; fi; }

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  fi
}

# pgvector is not packaged for bookworm: build it from Debian's (trixie) source package.
build_pgvector() {
  local pgconfig=/usr/lib/postgresql/15/bin/pg_config
  if [ -f "$($pgconfig --sharedir)/extension/vector.control" ]; then return; fi
  local uri work list=/etc/apt/sources.list.d/heaters-pgvector-src.list
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  uri=${uri:-http://deb.debian.org/debian}
  work=$(mktemp -d)
  echo "deb-src $uri trixie main" > "$list"
  apt-get update -qq
  (cd "$work" && apt-get source --download-only pgvector)
  rm -f "$list"
  apt-get update -qq
  tar -xzf "$work"/pgvector_*.orig.tar.gz -C "$work"
  make -C "$work"/pgvector-*/ PG_CONFIG="$pgconfig" OPTFLAGS="" >/dev/null
  make -C "$work"/pgvector-*/ PG_CONFIG="$pgconfig" install >/dev/null
  rm -rf "$work"
}

# `demo`: only what the embedded default needs (ffmpeg, yt-dlp) and the photographs the demo's
# sample video is filmed from (mate-backgrounds). Default: everything the tests use.
mode=${1:-all}
need_root
apt-get update -qq
# libjpeg-turbo's headers: `npm ci` builds @heaters/sheet-jpeg, the sprite-sheet encoder, against them.
apt_install ca-certificates ffmpeg yt-dlp build-essential python3 libjpeg62-turbo-dev mate-backgrounds
if [ "$mode" = "demo" ]; then
  echo "setup-debian (demo): ffmpeg $(ffmpeg -version | head -1 | cut -d' ' -f3), yt-dlp $(yt-dlp --version)"
  exit 0
fi
apt_install postgresql postgresql-server-dev-15 chromium fonts-dejavu-core
# Photographs for the media tests and benchmark footage; OpenCV & co. for PySceneDetect in the benchmark.
apt_install mate-backgrounds python3-opencv python3-click python3-platformdirs python3-tqdm
build_pgvector
echo "setup-debian: ffmpeg $(ffmpeg -version | head -1 | cut -d' ' -f3), yt-dlp $(yt-dlp --version), $(/usr/lib/postgresql/15/bin/postgres --version), pgvector ok"
