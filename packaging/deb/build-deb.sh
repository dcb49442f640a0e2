#!/usr/bin/env bash
# Make the .deb from the frozen folder: the app in /opt/cwdc, a desktop entry and the icon in the standard
# places, no maintainer scripts (installing changes nothing but these files; the desktop menu and icon caches
# are refreshed by dpkg triggers of the packages that own them).
#
#   packaging/deb/build-deb.sh FROZEN_FOLDER OUT_DIR
#
# Environment: CWDC_MAINTAINER="Name <mail>" (the Maintainer field), CWDC_DEB_VERSION (default: pyproject's
# version). Depends is worked out like dpkg-shlibdeps does: the libraries the folder's ELF files need and do not
# carry (X11/xcb, OpenGL, fontconfig, glib …), each mapped to the package that owns it on the build host — so build
# on the system you target (UOS/Kylin names come from a UOS/Kylin host) — with libc6 (>= the newest glibc symbol).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
packaging="$(dirname "$here")"
repo="$(dirname "$packaging")"
frozen="${1:?usage: build-deb.sh FROZEN_FOLDER OUT_DIR}"
out="${2:?usage: build-deb.sh FROZEN_FOLDER OUT_DIR}"
name=cwdc
prefix="opt/$name"

[ -x "$frozen/$name" ] || { echo "错误：$frozen/$name 不存在（先运行 packaging/build.sh）" >&2; exit 2; }

version="${CWDC_DEB_VERSION:-$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$repo/pyproject.toml" | head -n 1)}"
[ -n "$version" ] || { echo "错误：pyproject.toml 里没有 version" >&2; exit 2; }
arch="$(dpkg --print-architecture)"
maintainer="${CWDC_MAINTAINER:-创文督查 packaging <cwdc@example.invalid>}"
floor="$("$here/glibc-floor.sh" "$frozen")"
[ -n "$floor" ] || { echo "错误：找不到所需的 glibc 版本（readelf 输出为空）" >&2; exit 2; }

# the shared libraries the folder needs and does not carry, and the packages that own them here
needed="$(find "$frozen" -type f -print0 | { xargs -0 -r readelf --dynamic --wide 2>/dev/null || true; } \
  | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u)"
carried="$(find "$frozen" \( -type f -o -type l \) -printf '%f\n' | sort -u)"
packages="libc6 (>= $floor)"
unowned=""
for lib in $(comm -23 <(echo "$needed") <(echo "$carried")); do
  owner=""
  for path in $(ldconfig -p | awk -v lib="$lib" '$1 == lib {print $NF}'); do
    for candidate in "$path" "$(readlink -f "$path")"; do
      owner="$(dpkg -S "$candidate" 2>/dev/null | head -n 1 | cut -d: -f1)" && [ -n "$owner" ] && break 2
    done
  done
  if [ -z "$owner" ]; then
    unowned="$unowned $lib"
  elif [ "$owner" != libc6 ] && [[ ",$packages," != *", $owner,"* ]]; then
    packages="$packages, $owner"
  fi
done
if [ -n "$unowned" ]; then
  echo "警告 (warning): 这些库不属于任何已安装的软件包，未写入 Depends:$unowned" >&2
fi

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
umask 022
mkdir -p "$root/DEBIAN" "$root/$prefix" "$root/usr/share/applications" \
  "$root/usr/share/icons/hicolor/256x256/apps" "$root/usr/share/icons/hicolor/scalable/apps" \
  "$root/usr/share/doc/$name"
cp -R "$frozen/." "$root/$prefix/"
install -m 0644 "$here/$name.desktop" "$root/usr/share/applications/$name.desktop"
install -m 0644 "$packaging/icons/$name.png" "$root/usr/share/icons/hicolor/256x256/apps/$name.png"
install -m 0644 "$packaging/icons/$name.svg" "$root/usr/share/icons/hicolor/scalable/apps/$name.svg"
install -m 0644 "$here/copyright" "$root/usr/share/doc/$name/copyright"
# owner-writable only, everyone may read and run what is executable
chmod -R u+rwX,go+rX,go-w "$root"

installed_kb="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" -e "s|@MAINTAINER@|$maintainer|" \
  -e "s|@DEPENDS@|$packages|" -e "s|@INSTALLED_SIZE@|$installed_kb|" \
  "$here/control.in" >"$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -print0 | sort -z | xargs -0 md5sum | sed 's|  \./|  |') \
  >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

mkdir -p "$out"
deb="$out/${name}_${version}_${arch}.deb"
# gzip: every dpkg reads it (UOS V20 and Kylin V10 ship a dpkg without zstd), and it is quick on a big folder
dpkg-deb --root-owner-group -Zgzip -z6 --build "$root" "$deb" >/dev/null
echo "$deb（需要 glibc ≥ $floor）"
