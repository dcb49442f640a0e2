#!/usr/bin/env bash
# Build a relocatable CPython whose files need glibc ≤ 2.27, for freezing 创文督查 for UOS V20 / Kylin V10
# (glibc 2.28) on a newer build host. Root, on a Debian/Ubuntu host with network access to the mirrors below.
#
#   packaging/old-glibc/build-python.sh [--work DIR] [--out DIR] [--keyring FILE] [--dry-run]
#
#   --work DIR      where the Ubuntu 18.04 (bionic, glibc 2.27) chroot, the sources and the build live
#                   (default /var/tmp/cwdc-glibc; about 1.3 GB)
#   --out DIR       where the finished Python goes (default packaging/build/python-glibc2.27; about 130 MB)
#   --keyring FILE  the Ubuntu archive keyring debootstrap checks bionic against (default
#                   /usr/share/keyrings/ubuntu-archive-keyring.gpg). Debian 12 does not package it; without it the
#                   script takes the key from bionic's ubuntu-keyring package and keeps only the key whose
#                   fingerprint it pins (Ubuntu Archive Automatic Signing Key 2012, 790B…1F32), so the chroot is
#                   still checked
#   --dry-run       print the plan, change nothing
#
# What it does: debootstrap bionic (main, universe, -updates, -security: OpenSSL 1.1.1 is in -updates), build in it
# SQLite 3.40.1 (Debian 12's source tarball; the app needs ≥ 3.37 for STRICT tables and RETURNING, bionic has 3.22)
# and CPython 3.13.5 (Debian's orig tarball of it) with --enable-shared into /opt/cwdc-python, copy the libraries it
# needs beyond glibc (libssl, libcrypto, libffi, libsqlite3 …) into its lib/, set relative rpaths (bin/python and
# libpython: $ORIGIN/../lib and $ORIGIN; lib-dynload: $ORIGIN/../..) and copy the result out. Then it checks, on
# this host, that the modules load and that no file needs a glibc newer than 2.27.
# It takes 6–10 minutes on 2 cores (debootstrap 1, apt 2, SQLite and Python 3–6); run again, it reuses the chroot.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
packaging="$(dirname "$here")"
work=/var/tmp/cwdc-glibc
out="$packaging/build/python-glibc2.27"
keyring=/usr/share/keyrings/ubuntu-archive-keyring.gpg
dry=0
mirror="${CWDC_UBUNTU_MIRROR:-http://archive.ubuntu.com/ubuntu}"
floor_max=2.27
prefix=/opt/cwdc-python  # inside the chroot; the result is relocatable
UBUNTU_KEY=790BC7277767219C42C86F933B4FE6ACC0B21F32  # Ubuntu Archive Automatic Signing Key (2012), signs bionic

PY_VERSION=3.13.5
PY_URL=http://deb.debian.org/debian/pool/main/p/python3.13/python3.13_3.13.5.orig.tar.xz
PY_SHA256=93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640
SQLITE_URL=http://deb.debian.org/debian/pool/main/s/sqlite3/sqlite3_3.40.1.orig.tar.xz
SQLITE_SHA256=aaa776260ab4dc976db34aa7891819484c8676b5b2783123ebc6301e2ca5d655
# Debian 12's compile options for SQLite (what the developers' Python uses), so the app sees the same SQLite
SQLITE_CFLAGS="-O2 -DSQLITE_ENABLE_FTS3 -DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5
 -DSQLITE_ENABLE_RTREE -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_ENABLE_UNLOCK_NOTIFY
 -DSQLITE_ENABLE_UPDATE_DELETE_LIMIT -DSQLITE_ENABLE_STMTVTAB -DSQLITE_SECURE_DELETE -DSQLITE_SOUNDEX
 -DSQLITE_MAX_VARIABLE_NUMBER=250000 -DSQLITE_USE_URI=1 -DSQLITE_LIKE_DOESNT_MATCH_BLOBS"
BUILD_DEPS="build-essential libssl-dev libffi-dev zlib1g-dev libbz2-dev liblzma-dev uuid-dev tcl xz-utils file"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
die() { echo "错误 (error): $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --work) [ $# -ge 2 ] || die "--work 需要文件夹"; work="$2"; shift 2 ;;
    --out) [ $# -ge 2 ] || die "--out 需要文件夹"; out="$2"; shift 2 ;;
    --keyring) [ $# -ge 2 ] || die "--keyring 需要文件"; keyring="$2"; shift 2 ;;
    --dry-run) dry=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "未知参数 (unknown option) $1" ;;
  esac
done
chroot_dir="$work/bionic"

if [ "$dry" -eq 1 ]; then
  echo "debootstrap --keyring ($keyring or key $UBUNTU_KEY) --variant=minbase --components=main,universe bionic $chroot_dir $mirror"
  echo "sources: $PY_URL (sha256 $PY_SHA256)"
  echo "         $SQLITE_URL (sha256 $SQLITE_SHA256)"
  echo "build: SQLite, then CPython $PY_VERSION --enable-shared into $prefix (in the chroot), relocatable"
  echo "out: $out; check: the modules load here and glibc-floor.sh ≤ $floor_max"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || die "需要 root（debootstrap 和 chroot）"
for tool in debootstrap patchelf readelf curl sha256sum gpg dpkg-deb xz; do
  command -v "$tool" >/dev/null 2>&1 || die "缺少 $tool：apt-get install debootstrap patchelf binutils curl gpg xz-utils"
done
mkdir -p "$work/src"

pinned_keyring() {  # the Ubuntu archive key, from bionic's ubuntu-keyring package, kept only if its fingerprint is ours
  local tmp deb ring="$work/ubuntu-archive-$UBUNTU_KEY.gpg"
  if [ ! -s "$ring" ]; then
    tmp="$(mktemp -d)"
    deb="$(curl -fsSL "$mirror/dists/bionic/main/binary-amd64/Packages.xz" | xz -d \
      | awk '/^Package: ubuntu-keyring$/ {p = 1} p && /^Filename:/ {print $2; exit}')"
    [ -n "$deb" ] || die "bionic 的软件包列表里没有 ubuntu-keyring"
    curl -fsSL -o "$tmp/keyring.deb" "$mirror/$deb" || die "下载失败：$mirror/$deb"
    dpkg-deb -x "$tmp/keyring.deb" "$tmp/root"
    gpg --homedir "$tmp" --no-default-keyring --keyring "$tmp/root/usr/share/keyrings/ubuntu-archive-keyring.gpg" \
      --export "$UBUNTU_KEY" >"$ring.part" 2>/dev/null
    rm -rf "$tmp"
    mv "$ring.part" "$ring"
  fi
  gpg --show-keys --with-colons "$ring" 2>/dev/null | grep -q "^fpr:::::::::$UBUNTU_KEY:\$" \
    || { rm -f "$ring"; die "Ubuntu 存档密钥的指纹不是 $UBUNTU_KEY"; }
  echo "$ring"
}
if [ ! -f "$keyring" ]; then
  keyring="$(pinned_keyring)"
fi

fetch() {  # URL SHA256 → the file in $work/src, checked
  local url="$1" sum="$2" file="$work/src/${1##*/}"
  if ! echo "$sum  $file" | sha256sum -c --status 2>/dev/null; then
    curl -fsSL -o "$file.part" "$url" || die "下载失败：$url"
    mv "$file.part" "$file"
  fi
  echo "$sum  $file" | sha256sum -c --status || die "校验和不符（sha256 mismatch）：$file"
  echo "$file"
}

# shellcheck source=chroot.sh
. "$here/chroot.sh"
bootstrap_chroot "$chroot_dir" bionic "$mirror" "$keyring" main,universe
enter_chroot "$chroot_dir"
in_chroot() { LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive chroot "$chroot_dir" /usr/bin/env -u PYTHONPATH "$@"; }

if [ ! -f "$chroot_dir/.cwdc-deps" ]; then
  cat >"$chroot_dir/etc/apt/sources.list" <<SOURCES
deb $mirror bionic main universe
deb $mirror bionic-updates main universe
deb $mirror bionic-security main universe
SOURCES
  in_chroot apt-get update -q
  in_chroot apt-get -y -q dist-upgrade
  # shellcheck disable=SC2086
  in_chroot apt-get -y -q install --no-install-recommends $BUILD_DEPS
  touch "$chroot_dir/.cwdc-deps"
fi
glibc="$(in_chroot ldd --version | sed -n '1s/.* \([0-9][0-9.]*\)$/\1/p')"  # sed reads it all: no SIGPIPE under pipefail
[ "$glibc" = "$floor_max" ] || die "chroot 的 glibc 是 $glibc，不是 $floor_max"

py_tar="$(fetch "$PY_URL" "$PY_SHA256")"
sqlite_tar="$(fetch "$SQLITE_URL" "$SQLITE_SHA256")"
rm -rf "$chroot_dir/build" "$chroot_dir$prefix"
mkdir -p "$chroot_dir/build"
tar -xf "$py_tar" -C "$chroot_dir/build"
tar -xf "$sqlite_tar" -C "$chroot_dir/build"
py_src="$(cd "$chroot_dir/build" && ls -d Python-*/ | head -n 1)"
sqlite_src="$(cd "$chroot_dir/build" && ls -d sqlite3-*/ | head -n 1)"

cat >"$chroot_dir/build/build.sh" <<BUILD
#!/bin/bash
set -euo pipefail
export MAKEFLAGS=-j2
cd /build/$sqlite_src
./configure --prefix=$prefix --enable-shared --disable-static --disable-tcl --disable-readline \
  CFLAGS="$(echo $SQLITE_CFLAGS)"
nice -n 10 make
make install
cd /build/$py_src
./configure --prefix=$prefix --enable-shared --with-ensurepip=install --without-static-libpython \
  CPPFLAGS="-I$prefix/include" LDFLAGS="-L$prefix/lib -Wl,-rpath,$prefix/lib" \
  LIBSQLITE3_CFLAGS="-I$prefix/include" LIBSQLITE3_LIBS="-L$prefix/lib -lsqlite3"
nice -n 10 make
make install
$prefix/bin/python3 -c "import ssl, sqlite3, ctypes, lzma, bz2, zlib, uuid; print(ssl.OPENSSL_VERSION, sqlite3.sqlite_version)"
BUILD
chmod +x "$chroot_dir/build/build.sh"
in_chroot /build/build.sh

# the libraries beyond glibc that Python and its modules load, from the chroot's /lib and /usr/lib, into lib/
root="$chroot_dir$prefix"
pyver="${PY_VERSION%.*}"
dynload="$root/lib/python$pyver/lib-dynload"
glibc_libs='^(libc|libm|libdl|libpthread|librt|libutil|libresolv|libnsl|libcrypt|ld-linux-x86-64|linux-vdso)\.so'
for _ in 1 2; do  # twice: what the copied libraries need in turn
  for file in "$root/bin/python$pyver" "$root"/lib/*.so* "$dynload"/*.so; do
    in_chroot ldd "${file#"$chroot_dir"}" | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}'
  done | sort -u | while read -r name path; do
    [[ "$name" =~ $glibc_libs ]] && continue
    [ -e "$root/lib/$name" ] || cp -L "$chroot_dir$path" "$root/lib/$name"
  done
done
# relative rpaths: the folder works wherever it is copied
patchelf --set-rpath '$ORIGIN/../lib' "$root/bin/python$pyver"
for lib in "$root"/lib/*.so*; do
  [ -L "$lib" ] || patchelf --set-rpath '$ORIGIN' "$lib"
done
for module in "$dynload"/*.so; do patchelf --set-rpath '$ORIGIN/../..' "$module"; done
rm -rf "$root/lib/python$pyver/test" "$root/lib/python$pyver/idlelib/idle_test"

rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -a "$root" "$out"
python="$out/bin/python$pyver"
env -i HOME=/tmp PATH=/usr/bin:/bin "$python" -c \
  "import ssl, sqlite3, ctypes, lzma, bz2, zlib, uuid; print('sqlite', sqlite3.sqlite_version, '|', ssl.OPENSSL_VERSION)"
floor="$("$packaging/deb/glibc-floor.sh" "$out")"
if [ "$(printf '%s\n%s\n' "$floor" "$floor_max" | sort -t. -k1,1n -k2,2n | tail -n 1)" != "$floor_max" ]; then
  die "$out 需要 glibc $floor，超过 $floor_max"
fi
echo "完成：$python（需要 glibc ≥ $floor；$(du -sh "$out" | cut -f1)）"
