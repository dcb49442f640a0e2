#!/usr/bin/env bash
# Print the newest glibc symbol version any ELF file in a folder needs (e.g. 2.34): the oldest glibc the folder
# runs on. Needs readelf (binutils).
#   packaging/deb/glibc-floor.sh FOLDER
set -euo pipefail
folder="${1:?usage: glibc-floor.sh FOLDER}"
command -v readelf >/dev/null 2>&1 || { echo "需要 readelf（binutils）" >&2; exit 2; }
find "$folder" -type f -print0 \
  | { xargs -0 -r readelf --version-info --wide 2>/dev/null || true; } \
  | { grep -o "Name: GLIBC_[0-9][0-9.]*" || true; } \
  | sed 's/Name: GLIBC_//' \
  | sort -t. -k1,1n -k2,2n -k3,3n -u \
  | tail -n 1
