#!/usr/bin/env bash
# Install the built .deb into a Debian 11 (bullseye, glibc 2.31) chroot and run the app there offscreen: the
# demo pipeline (every document) and the screenshots. Debian 11 is older than the glibc 2.34 that PySide6 6.10+
# needs, so this shows that a `build.sh --glibc 2.28 --qt 6.9.3` build runs below it, and that the .deb's Depends
# are enough: apt installs only what they name (no recommends) from bullseye's archive. Root; network to
# deb.debian.org.
#
#   packaging/old-glibc/try-on-bullseye.sh DIST_FOLDER [--work DIR] [--release focal]
#
#   DIST_FOLDER      what packaging/build.sh wrote (packaging/dist): its cwdc_<version>_<arch>.deb is installed
#   --work DIR       where the chroot lives (default /var/tmp/cwdc-glibc; bullseye/ takes about 1.1 GB with the app
#                    and its dependencies installed)
#   --release focal  Ubuntu 20.04 instead (glibc 2.31, the base of Kylin V10, with the older package names such as
#                    libgdk-pixbuf2.0-0), from archive.ubuntu.com, checked with the Ubuntu archive key that
#                    build-python.sh pinned (or /usr/share/keyrings/ubuntu-archive-keyring.gpg)
#
# The chroot is made once (debootstrap, checked against the Debian archive keyring) and reused; the package is
# purged and installed afresh on each run. About 3 minutes the first time, 1–2 minutes after. Exit status 0 when
# both commands worked.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
usage="usage: try-on-bullseye.sh DIST_FOLDER [--work DIR] [--release bullseye|focal]"
dist="${1:?$usage}"
shift
work=/var/tmp/cwdc-glibc
release=bullseye
while [ $# -gt 0 ]; do
  case "$1" in
    --work) [ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }; work="$2"; shift 2 ;;
    --release) [ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }; release="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
die() { echo "错误 (error): $*" >&2; exit 2; }
fail() { echo "失败 (FAILED): $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "需要 root（debootstrap 和 chroot）"
command -v debootstrap >/dev/null 2>&1 || die "缺少 debootstrap：apt-get install debootstrap"
debs=("$dist"/cwdc_*.deb)
[ -f "${debs[0]}" ] || die "$dist 里没有 cwdc_*.deb（先运行 packaging/build.sh）"
deb="${debs[-1]}"
case "$release" in
  bullseye)
    mirror="${CWDC_DEBIAN_MIRROR:-http://deb.debian.org/debian}" components=main
    keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    ;;
  focal)
    mirror="${CWDC_UBUNTU_MIRROR:-http://archive.ubuntu.com/ubuntu}" components=main,universe
    keyring=/usr/share/keyrings/ubuntu-archive-keyring.gpg
    # the key build-python.sh took from bionic's ubuntu-keyring and checked by its fingerprint
    [ -f "$keyring" ] || keyring="$work/ubuntu-archive-790BC7277767219C42C86F933B4FE6ACC0B21F32.gpg"
    ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
chroot_dir="$work/$release"

[ -f "$chroot_dir/.cwdc-bootstrapped" ] || [ -f "$keyring" ] \
  || die "缺少 $keyring（bullseye：apt-get install debian-archive-keyring；focal：先运行 build-python.sh）"
# shellcheck source=chroot.sh
. "$here/chroot.sh"
bootstrap_chroot "$chroot_dir" "$release" "$mirror" "$keyring" "$components"
enter_chroot "$chroot_dir"
in_chroot() { LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive chroot "$chroot_dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }

glibc="$(in_chroot ldd --version | sed -n '1s/.* \([0-9][0-9.]*\)$/\1/p')"  # sed reads it all: no SIGPIPE under pipefail
echo "== $release chroot: glibc $glibc"
echo "== $(basename "$deb"): $(dpkg-deb -f "$deb" Depends)"
in_chroot apt-get update -q >/dev/null
in_chroot dpkg --purge cwdc >/dev/null 2>&1 || true
cp "$deb" "$chroot_dir/tmp/cwdc.deb"
# fonts-wqy-zenhei: the Chinese UI font every UOS/Kylin desktop has (the app draws its screens with the system's
# fonts; its own Fandol fonts are for the documents); without it the screenshots show boxes for the Chinese text
in_chroot apt-get install -y -q --no-install-recommends /tmp/cwdc.deb fonts-wqy-zenhei >"$work/$release-apt.log" 2>&1 \
  || { tail -n 30 "$work/$release-apt.log" >&2; fail "apt-get install ./$(basename "$deb") in $release"; }
rm -f "$chroot_dir/tmp/cwdc.deb"

run_app() {  # the installed app, as a fresh user offscreen
  in_chroot HOME=/tmp/cwdc-home QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 /opt/cwdc/cwdc "$@"
}
rm -rf "$chroot_dir/tmp/cwdc-home" "$chroot_dir/tmp/d" "$chroot_dir/tmp/s"
mkdir -p "$chroot_dir/tmp/cwdc-home"
echo "== cwdc demo --out /tmp/d"
run_app demo --out /tmp/d >"$work/$release-demo.log" 2>&1 || { tail -n 30 "$work/$release-demo.log" >&2; fail "demo"; }
grep -q Traceback "$work/$release-demo.log" && fail "demo printed a traceback ($work/$release-demo.log)"
for pattern in "督查情况通报-*.docx" "督查情况通报-*.pdf" "曝光台-*.docx" "曝光台-*.pdf" "问题清单-*.xlsx"; do
  compgen -G "$chroot_dir/tmp/d/documents/$pattern" >/dev/null || fail "demo wrote no $pattern"
done
echo "documents: $(find "$chroot_dir/tmp/d/documents" -type f | wc -l) files"
echo "== cwdc screenshots --out /tmp/s"
run_app screenshots --out /tmp/s >"$work/$release-shots.log" 2>&1 \
  || { tail -n 30 "$work/$release-shots.log" >&2; fail "screenshots"; }
shots="$(find "$chroot_dir/tmp/s" -name '*.png' | wc -l)"
[ "$shots" -ge 5 ] || fail "only $shots screenshots"
echo "screenshots: $shots（$chroot_dir/tmp/s）"
echo "通过 (passed): $(basename "$deb") installed with apt on $release (glibc $glibc), demo and screenshots ran"
