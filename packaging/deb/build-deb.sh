#!/usr/bin/env bash
# Make a .deb from the frozen folder. No maintainer scripts in either layout: installing changes nothing but the
# package's own files (the desktop menu and icon caches are refreshed by dpkg triggers of the packages that own them).
#
#   packaging/deb/build-deb.sh FROZEN_FOLDER OUT_DIR [--layout opt|uos]
#
#   --layout opt   (default) package `cwdc`: the app in /opt/cwdc, the desktop entry in /usr/share/applications and
#                  the icon in /usr/share/icons/hicolor — Debian, Ubuntu, Deepin, UOS and Kylin installed by hand.
#   --layout uos   the UOS app store's layout: package named by the app ID, every file under /opt/apps/<app ID>/ —
#                  the app in files/, the desktop entry and icons in entries/, the store's `info` (JSON) beside them.
#
# Environment: CWDC_MAINTAINER="Name <mail>" (the Maintainer field), CWDC_DEB_VERSION (default: pyproject's
# version), CWDC_APPID (the UOS app ID, a reverse domain the city's developer account owns; default
# cn.cwdc.inspector). Depends is worked out like dpkg-shlibdeps does: the libraries the folder's ELF files need and
# do not carry (X11/xcb, OpenGL, fontconfig, glib …), each mapped to the package that owns it on the build host — so
# build on the system you target (UOS/Kylin names come from a UOS/Kylin host) — with libc6 (>= the newest glibc
# symbol).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
packaging="$(dirname "$here")"
repo="$(dirname "$packaging")"
usage="usage: build-deb.sh FROZEN_FOLDER OUT_DIR [--layout opt|uos]"
frozen="${1:?$usage}"
out="${2:?$usage}"
layout=opt
if [ $# -ge 3 ]; then
  [ "$3" = --layout ] && [ $# -eq 4 ] || { echo "$usage" >&2; exit 2; }
  layout="$4"
fi
program=cwdc  # the executable in the frozen folder
appid="${CWDC_APPID:-cn.cwdc.inspector}"

case "$layout" in
  opt)
    package="$program"
    prefix="opt/$program"                            # the frozen folder
    desktop_dir="usr/share/applications"
    icons_dir="usr/share/icons/hicolor"
    icon_name="$program"
    doc_dir="usr/share/doc/$program"
    ;;
  uos)
    [[ "$appid" =~ ^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$ ]] \
      || { echo "错误：CWDC_APPID=$appid 不是小写的反向域名（例如 cn.gov.example.cwdc）" >&2; exit 2; }
    package="$appid"
    prefix="opt/apps/$appid/files"
    desktop_dir="opt/apps/$appid/entries/applications"
    icons_dir="opt/apps/$appid/entries/icons/hicolor"
    icon_name="$appid"
    doc_dir="opt/apps/$appid/files/doc"
    ;;
  *) echo "错误：--layout $layout（只能是 opt 或 uos）" >&2; exit 2 ;;
esac

[ -x "$frozen/$program" ] || { echo "错误：$frozen/$program 不存在（先运行 packaging/build.sh）" >&2; exit 2; }

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
  # renamed since Debian 10 / Ubuntu 18.04 (UOS V20 is Debian-10-based): either name will do
  case "$owner" in
    libgcc-s1) owner="libgcc-s1 | libgcc1" ;;
    libgdk-pixbuf-2.0-0) owner="libgdk-pixbuf-2.0-0 | libgdk-pixbuf2.0-0" ;;
  esac
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
mkdir -p "$root/DEBIAN" "$root/$prefix" "$root/$desktop_dir" "$root/$icons_dir/256x256/apps" \
  "$root/$icons_dir/scalable/apps" "$root/$doc_dir"
cp -R "$frozen/." "$root/$prefix/"
# the desktop entry names the program where this layout puts it, and the icon by this layout's name
sed -e "s|^Exec=/opt/cwdc/cwdc|Exec=/$prefix/$program|" -e "s|^TryExec=/opt/cwdc/cwdc|TryExec=/$prefix/$program|" \
  -e "s|^Icon=cwdc\$|Icon=$icon_name|" "$here/cwdc.desktop" >"$root/$desktop_dir/$icon_name.desktop"
grep -q "^Exec=/$prefix/$program" "$root/$desktop_dir/$icon_name.desktop" \
  || { echo "错误：cwdc.desktop 的 Exec 不是 /opt/cwdc/cwdc" >&2; exit 2; }
install -m 0644 "$repo/ui/icons/cwdc.png" "$root/$icons_dir/256x256/apps/$icon_name.png"
install -m 0644 "$repo/ui/icons/cwdc.svg" "$root/$icons_dir/scalable/apps/$icon_name.svg"
install -m 0644 "$here/copyright" "$root/$doc_dir/copyright"
if [ "$layout" = uos ]; then
  # the store's description of the app: what it is and which permissions it asks for (none it does not use)
  cat >"$root/opt/apps/$appid/info" <<INFO
{
  "appid": "$appid",
  "name": "创文督查",
  "version": "$version",
  "arch": ["$arch"],
  "permissions": {
    "autostart": false,
    "notification": false,
    "trayicon": false,
    "clipboard": true,
    "account": false,
    "bluetooth": false,
    "camera": false,
    "audio_record": false,
    "installed_apps": false
  }
}
INFO
fi
# owner-writable only, everyone may read and run what is executable
chmod -R u+rwX,go+rX,go-w "$root"

installed_kb="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
sed -e "s|@PACKAGE@|$package|" -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" -e "s|@MAINTAINER@|$maintainer|" \
  -e "s#@DEPENDS@#$packages#" -e "s|@INSTALLED_SIZE@|$installed_kb|" -e "s|@PREFIX@|/$prefix|" \
  "$here/control.in" >"$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -print0 | sort -z | xargs -0 md5sum | sed 's|  \./|  |') \
  >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

mkdir -p "$out"
deb="$out/${package}_${version}_${arch}.deb"
# gzip: every dpkg reads it (UOS V20 and Kylin V10 ship a dpkg without zstd), and it is quick on a big folder
dpkg-deb --root-owner-group -Zgzip -z6 --build "$root" "$deb" >/dev/null
echo "$deb（需要 glibc ≥ $floor）"
