#!/usr/bin/env bash
# Build the frozen 创文督查 (PyInstaller, one folder) and, where dpkg-deb exists, its .deb.
#
#   packaging/build.sh [--qt VERSION] [--glibc X.Y] [--python PYTHON] [--fonts DIR] [--no-deb] [--dry-run]
#
#   --qt VERSION     pin PySide6 in the build venv, e.g. --qt 6.9.3 (the last PySide6 whose wheels run on
#                    glibc 2.28: UOS V20, Kylin V10)
#   --glibc X.Y      the oldest glibc the result must run on, e.g. --glibc 2.28 for UOS V20 / Kylin V10: pip takes
#                    only wheels tagged manylinux ≤ X_Y (a PEP 600 `_manylinux` hook in the build venv, binary wheels
#                    only), the spec leaves out the host's system libraries that need a newer glibc (the .deb's
#                    Depends names them), and the build fails if any file still needs more, naming the files. Use it
#                    with --qt 6.9.3 and a Python built for old glibc (packaging/old-glibc/build-python.sh)
#   --python PYTHON  the Python the build venv is made from (default: python3); it needs its shared library
#   --fonts DIR      a folder of converted fonts to ship (what `python -m inspector.fontinstall` made);
#                    default: run fontinstall into packaging/build/fonts (downloads texlive-lang-chinese)
#   --no-deb         the frozen folder only
#   --dry-run        print what would run, change nothing
#
# The build venv is packaging/.build-venv (…-qt<VERSION>, …-glibc<X.Y> with --qt, --glibc), never the developer's
# .venv: PyInstaller and a non-editable install of this repository go there. Output: packaging/dist/cwdc/
# (the app folder), packaging/dist/cwdc_<version>_<arch>.deb (/opt/cwdc) and packaging/dist/<app ID>_<version>_<arch>.deb
# (the UOS app store's layout, app ID from CWDC_APPID); work files in packaging/build/.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
qt=""
glibc=""
python="${PYTHON:-python3}"
fonts=""
make_deb=1
dry=0

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
die() { echo "错误 (error): $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --qt) [ $# -ge 2 ] || die "--qt 需要版本号，例如 --qt 6.9.3"; qt="$2"; shift 2 ;;
    --qt=*) qt="${1#--qt=}"; shift ;;
    --glibc) [ $# -ge 2 ] || die "--glibc 需要版本号，例如 --glibc 2.28"; glibc="$2"; shift 2 ;;
    --glibc=*) glibc="${1#--glibc=}"; shift ;;
    --python) [ $# -ge 2 ] || die "--python 需要解释器路径"; python="$2"; shift 2 ;;
    --fonts) [ $# -ge 2 ] || die "--fonts 需要文件夹"; fonts="$2"; shift 2 ;;
    --no-deb) make_deb=0; shift ;;
    --dry-run) dry=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "未知参数 (unknown option) $1" ;;
  esac
done
if [ -n "$qt" ] && ! [[ "$qt" =~ ^6\.[0-9]+(\.[0-9]+)?$ ]]; then
  die "--qt $qt 不是 PySide6 6.x 的版本号（例如 6.9.3）"
fi
if [ -n "$glibc" ] && ! [[ "$glibc" =~ ^2\.[0-9]+$ ]]; then
  die "--glibc $glibc 不是 glibc 版本号（例如 2.28）"
fi
if [ -n "$fonts" ]; then
  [ -d "$fonts" ] || die "--fonts $fonts 不是文件夹"
  fonts="$(cd "$fonts" && pwd)"  # the spec resolves relative paths against packaging/, not here
fi

venv="$here/.build-venv${qt:+-qt$qt}${glibc:+-glibc$glibc}"
work="$here/build"
dist="$here/dist"

run() {
  echo "+ $*"
  if [ "$dry" -eq 0 ]; then "$@"; fi
}

requirements=("$repo" "pyinstaller>=6.10,<7")
if [ -n "$qt" ]; then
  requirements+=("PySide6==$qt" "PySide6-Essentials==$qt" "PySide6-Addons==$qt" "shiboken6==$qt")
fi

if [ "$dry" -eq 0 ]; then
  command -v "$python" >/dev/null 2>&1 || die "找不到 Python：$python"
  shared="$("$python" -c 'import sysconfig; print(sysconfig.get_config_var("Py_ENABLE_SHARED") or 0)')"
  if [ "$shared" != "1" ] && [ "$(uname -s)" = "Linux" ]; then
    die "$python 没有共享库 libpython（PyInstaller 需要）：换一个 Python，或用 --enable-shared 重新编译"
  fi
fi
newer() {  # A B: true if glibc version A is newer than B
  [ "$(printf '%s\n%s\n' "$1" "$2" | sort -t. -k1,1n -k2,2n -k3,3n | tail -n 1)" != "$2" ]
}

if [ -n "$glibc" ] && [ "$dry" -eq 0 ]; then
  # the interpreter goes into the folder: fail now, not after the build, if it needs a newer glibc
  base="$python"
  [ -x "$venv/bin/python" ] && base="$venv/bin/python"
  libpython="$("$base" -c 'print(next((l.split()[-1] for l in open("/proc/self/maps") if "/libpython" in l), ""))')"
  needs="$("$here/deb/glibc-floor.sh" "$libpython" 2>/dev/null || true)"
  if [ -z "$needs" ] || newer "$needs" "$glibc"; then
    die "$libpython 需要 glibc ${needs:-?}，超过 --glibc $glibc：用 packaging/old-glibc/build-python.sh 编译的 Python（--python），或删掉 $venv 重建"
  fi
fi
if [ ! -x "$venv/bin/python" ]; then
  run "$python" -m venv "$venv"
fi
pip_options=()
if [ -n "$glibc" ]; then
  # pip asks site-packages/_manylinux.py (PEP 600) which manylinux_X_Y wheels run here: only those ≤ the floor
  if [ "$dry" -eq 0 ]; then
    site="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
  else
    site="$venv/lib/pythonX.Y/site-packages"
  fi
  echo "+ _manylinux hook: $site/_manylinux.py (GLIBC_FLOOR = (${glibc%%.*}, ${glibc#*.}))"
  if [ "$dry" -eq 0 ]; then
    sed "s/^GLIBC_FLOOR = .*/GLIBC_FLOOR = (${glibc%%.*}, ${glibc#*.})/" "$here/old-glibc/_manylinux.py" >"$site/_manylinux.py"
  fi
  pip_options=(--only-binary=:all:)  # no source builds: they would link against this host's newer glibc
fi
# a non-editable install: the build sees the package as users get it, and its dependencies at their pinned versions
run "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${pip_options[@]}" "${requirements[@]}"

if [ -z "$fonts" ]; then
  fonts="$work/fonts"
  if [ "$dry" -eq 0 ]; then mkdir -p "$fonts"; fi
  # the free 仿宋 and bold 宋 (Fandol); a failure only warns: the app then uses the machine's fonts
  run "$venv/bin/python" -m inspector.fontinstall --dest "$fonts" \
    || echo "警告 (warning): Fandol 字体未装入，冻结版使用本机字体" >&2
fi

run env CWDC_FONTS="$fonts" CWDC_GLIBC_FLOOR="$glibc" "$venv/bin/python" -m PyInstaller --noconfirm \
  --distpath "$dist" --workpath "$work/pyinstaller" "$here/cwdc.spec"

if [ -n "$glibc" ]; then
  echo "+ glibc floor check: $here/deb/glibc-floor.sh $dist/cwdc ≤ $glibc"
fi
if [ "$dry" -eq 0 ]; then
  floor="$("$here/deb/glibc-floor.sh" "$dist/cwdc")"
  if [ -n "$glibc" ] && newer "$floor" "$glibc"; then
    echo "错误 (error): 冻结版需要 glibc $floor，超过 --glibc $glibc。需要更新 glibc 的文件：" >&2
    find "$dist/cwdc" -type f -print0 | while IFS= read -r -d '' file; do
      needs="$("$here/deb/glibc-floor.sh" "$file")"
      if [ -n "$needs" ] && newer "$needs" "$glibc"; then echo "  $needs  ${file#"$dist/cwdc/"}" >&2; fi
    done
    exit 1
  fi
  echo "冻结版：$dist/cwdc/（需要 glibc ≥ ${floor:-未知}；PySide6 $("$venv/bin/python" -c 'import PySide6; print(PySide6.__version__)')）"
fi
if [ "$make_deb" -eq 1 ]; then
  if command -v dpkg-deb >/dev/null 2>&1; then
    run rm -f "$dist"/*.deb  # only this build's packages: packaging/test.sh checks what it finds there
    run "$here/deb/build-deb.sh" "$dist/cwdc" "$dist"                 # /opt/cwdc, for installing by hand
    run "$here/deb/build-deb.sh" "$dist/cwdc" "$dist" --layout uos    # the UOS app store's /opt/apps/<app ID>
  else
    echo "没有 dpkg-deb：跳过 .deb（no dpkg-deb: .deb skipped）"
  fi
fi
