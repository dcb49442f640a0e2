#!/usr/bin/env bash
# Set up what 创文督查 needs on a fresh machine: system packages (Debian/Ubuntu: CJK fonts, Qt's
# libraries, poppler), a virtual environment in .venv and the Python packages.
#   ./install.sh          the app
#   ./install.sh --test   the app and the test tools
set -euo pipefail
cd "$(dirname "$0")"

extras=""
if [ "${1:-}" = "--test" ]; then
  extras="[test]"
fi

if [ -r /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; then
  wanted="fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-hanazono fonts-babelstone-han poppler-utils
    libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0"
  if [ -n "$extras" ]; then
    # the tests also run at other dates (see .ci/run) and read DOCX files through LibreOffice
    wanted="$wanted faketime libreoffice-writer-nogui"
  fi
  if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
    wanted="$wanted python3-venv"
  fi
  missing=""
  for pkg in $wanted; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
  done
  if [ -n "$missing" ]; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "安装系统软件包 (installing system packages):$missing"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
if [ -r /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; then
  # 仿宋 and a bold 宋 for titles: the free Fandol fonts from texlive-lang-chinese (downloaded, not installed),
  # converted to TrueType into .venv/share/fonts/inspector; skipped when already there. A failure only warns.
  .venv/bin/python -m inspector.fontinstall || echo "警告 (warning): Fandol 字体未安装，文书仍可生成 (documents still print)"
fi
echo "安装完成 (setup done): .venv/bin/python main.py"
