"""The frozen app's recipe (packaging/): what the spec bundles, the desktop entry, the Windows installer, the icon.

The build itself (PyInstaller, the .deb, installing it and starting it offscreen) is packaging/test.sh: slow, so it
runs here only with PACKAGING_TEST=1.
"""

from __future__ import annotations

import configparser
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / "deb" / "cwdc.desktop"
ISS = PACKAGING / "windows" / "cwdc.iss"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bundle() -> ModuleType:
    return _load("cwdc_bundle", PACKAGING / "bundle.py")


def _dests(pairs: list[tuple[str, str]]) -> dict[str, str]:
    return {Path(source).name: dest for source, dest in pairs}


def test_the_spec_collects_the_lazily_imported_modules_and_qt_plugins(bundle):
    assert set(bundle.COLLECT_SUBMODULES) >= {"inspector", "ui"}
    assert {"PySide6.QtPdf", "PySide6.QtCharts", "PySide6.QtPrintSupport"} <= set(bundle.HIDDEN_IMPORTS)
    for name in bundle.HIDDEN_IMPORTS:
        assert importlib.util.find_spec(name) is not None, name
    # every page ui.main_window imports by name lives in a collected package
    from ui import main_window

    targets = [value.target for value in vars(main_window).values() if type(value).__name__ == "PageSpec"]
    assert targets
    for target in targets:
        assert target.split(".")[0] in bundle.COLLECT_SUBMODULES, target
    spec = (PACKAGING / "cwdc.spec").read_text(encoding="utf-8")
    for used in ("COLLECT_SUBMODULES", "HIDDEN_IMPORTS", "datas(", "MODULE_COLLECTION_MODE", "RUNTIME_HOOK"):
        assert f"bundle.{used}" in spec, used
    assert bundle.RUNTIME_HOOK.is_file()
    assert bundle.ENTRY_SCRIPT.is_file()


def test_the_bundle_carries_forms_translations_and_docx_templates(bundle, tmp_path, monkeypatch):
    (tmp_path / "FandolFang-Regular.ttf").write_bytes(b"font")
    monkeypatch.chdir(tmp_path.parent)
    pairs = bundle.datas(Path(tmp_path.name))  # a relative fonts folder, as given to build.sh --fonts
    for source, _dest in pairs:
        assert Path(source).is_absolute() and Path(source).is_file(), source
    dests = _dests(pairs)
    for form in (ROOT / "forms").iterdir():
        assert dests[form.name] == "forms", form.name
    qm = sorted((ROOT / "ui" / "i18n").glob("*.qm"))
    assert qm
    for path in qm:
        assert dests[path.name] == "ui/i18n"
    for template in ("default-header.xml", "default-footer.xml", "default.docx", "default-styles.xml"):
        assert dests[template] == "docx/templates", template
    assert dests["haarcascade_frontalface_default.xml"] == "cv2/data"
    # ui.app.app_icon looks in ui/icons beside the ui package, frozen as in a checkout
    assert dests["cwdc.svg"] == dests["cwdc.png"] == bundle.ICONS_DEST == "ui/icons"
    assert dests["FandolFang-Regular.ttf"] == "share/fonts/inspector"
    assert "FandolFang-Regular.ttf" not in _dests(bundle.datas())


def test_the_docx_parts_folder_exists_in_the_bundle_for_the_templates_path(bundle):
    # python-docx still reaches its templates through docx/parts/.. (upstream PR 1310 open): the workaround stays
    hdrftr = Path(importlib.util.find_spec("docx.parts.hdrftr").origin).read_text(encoding="utf-8")
    assert '"..", "templates", "default-header.xml"' in hdrftr
    assert "py" in bundle.MODULE_COLLECTION_MODE["docx.parts"].split("+")


def test_the_fonts_and_forms_land_where_the_frozen_app_looks(bundle, tmp_path):
    # the runtime hook and inspector.forms, as the frozen app runs them (sys.frozen, sys._MEIPASS = the bundle)
    code = (
        "import runpy, sys, os;"
        f"sys.frozen = True; sys._MEIPASS = {str(tmp_path)!r};"
        f"runpy.run_path({str(bundle.RUNTIME_HOOK)!r});"
        "from inspector import forms; print(forms.forms_dir())"
    )
    env = {k: v for k, v in os.environ.items() if k != "INSPECTOR_FORMS"}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    assert Path(out.stdout.strip()) == tmp_path / bundle.FORMS_DEST
    env["INSPECTOR_FORMS"] = str(tmp_path / "mine")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    assert Path(out.stdout.strip()) == tmp_path / "mine"  # a folder the user set wins
    from inspector import fonts

    # fonts.APP_FONT_DIR is sys.prefix/share/fonts/inspector, and sys.prefix is the bundle folder when frozen
    assert fonts.APP_FONT_DIR.relative_to(Path(sys.prefix)).as_posix() == bundle.FONTS_DEST


def test_the_desktop_entry_is_valid_and_names_the_app_in_chinese():
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(DESKTOP.read_text(encoding="utf-8"))
    assert parser.sections() == ["Desktop Entry"]
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == entry["Name[zh_CN]"] == "创文督查"
    assert entry["Exec"] == "/opt/cwdc/cwdc"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    assert (ROOT / "ui" / "icons" / f"{entry['Icon']}.png").is_file()  # the window icon is the same drawing
    assert (ROOT / "ui" / "icons" / f"{entry['Icon']}.svg").is_file()
    build_deb = (PACKAGING / "deb" / "build-deb.sh").read_text(encoding="utf-8")
    assert 'prefix="opt/$program"' in build_deb and "program=cwdc" in build_deb


def _deb_files(deb: Path) -> list[str]:
    listed = subprocess.run(["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True, check=True)
    return [line.split()[5] for line in listed.stdout.splitlines()]


@pytest.mark.skipif(not shutil.which("dpkg-deb") or not shutil.which("readelf"), reason="needs dpkg-deb and readelf")
def test_build_deb_makes_the_opt_and_the_uos_store_layouts(tmp_path, monkeypatch):
    """build-deb.sh on a stand-in frozen folder (one ELF program): each layout's files, control and desktop entry."""
    frozen = tmp_path / "frozen"
    (frozen / "_internal").mkdir(parents=True)
    shutil.copy2(shutil.which("true"), frozen / "cwdc")
    monkeypatch.setenv("CWDC_APPID", "cn.gov.example.cwdc")
    script = PACKAGING / "deb" / "build-deb.sh"
    made = {}
    for layout in ("opt", "uos"):
        done = subprocess.run(
            ["bash", str(script), str(frozen), str(tmp_path / "out"), "--layout", layout],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        made[layout] = Path(done.stdout.split("（")[0].strip())
    assert made["opt"].name.startswith("cwdc_") and made["uos"].name.startswith("cn.gov.example.cwdc_")

    opt = _deb_files(made["opt"])
    assert {
        "./opt/cwdc/cwdc",
        "./usr/share/applications/cwdc.desktop",
        "./usr/share/icons/hicolor/256x256/apps/cwdc.png",
    } <= set(opt)
    uos = _deb_files(made["uos"])
    base = "./opt/apps/cn.gov.example.cwdc"
    assert {
        f"{base}/files/cwdc",
        f"{base}/entries/applications/cn.gov.example.cwdc.desktop",
        f"{base}/entries/icons/hicolor/scalable/apps/cn.gov.example.cwdc.svg",
        f"{base}/info",
    } <= set(uos)
    # the store takes nothing outside /opt/apps/<app ID>
    assert [f for f in uos if not f.startswith(base) and f not in ("./", "./opt/", "./opt/apps/")] == []

    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(made["uos"]), str(root)], check=True)
    entry = (root / base / "entries/applications/cn.gov.example.cwdc.desktop").read_text(encoding="utf-8")
    assert "\nExec=/opt/apps/cn.gov.example.cwdc/files/cwdc\n" in entry and "\nIcon=cn.gov.example.cwdc\n" in entry
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    info = json.loads((root / base / "info").read_text(encoding="utf-8"))
    assert info["appid"] == "cn.gov.example.cwdc" and info["name"] == "创文督查" and info["version"] == version
    control = subprocess.run(["dpkg-deb", "-f", str(made["uos"])], capture_output=True, text=True, check=True).stdout
    assert "Package: cn.gov.example.cwdc\n" in control and "/opt/apps/cn.gov.example.cwdc/files" in control
    assert re.search(r"^Depends: libc6 \(>= 2\.\d+\)", control, re.M)

    monkeypatch.setenv("CWDC_APPID", "Not An ID")
    refused = subprocess.run(
        ["bash", str(script), str(frozen), str(tmp_path / "out"), "--layout", "uos"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 2 and "CWDC_APPID" in refused.stderr


def test_the_deb_has_no_maintainer_scripts():
    assert sorted(p.name for p in (PACKAGING / "deb").iterdir()) == [
        "build-deb.sh",
        "control.in",
        "copyright",
        "cwdc.desktop",
        "glibc-floor.sh",
    ]
    control = (PACKAGING / "deb" / "control.in").read_text(encoding="utf-8")
    assert re.search(r"^Depends: @DEPENDS@$", control, re.M)
    assert "DEBIAN/control" in (PACKAGING / "deb" / "build-deb.sh").read_text(encoding="utf-8")
    for script in ("preinst", "postinst", "prerm", "postrm"):
        assert script not in (PACKAGING / "deb" / "build-deb.sh").read_text(encoding="utf-8")


def test_the_windows_installer_has_the_start_menu_entry_and_the_per_user_data_folder(monkeypatch):
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup reads the script as Unicode only with a UTF-8 BOM"
    text = raw.decode("utf-8-sig")
    assert '#define AppTitle "创文督查"' in text
    assert re.search(r'^Name: "\{autoprograms\}\\\{#AppTitle\}"; Filename: "\{app\}\\\{#AppExe\}"', text, re.M)
    assert "PrivilegesRequired=lowest" in text
    assert r"SetupIconFile=..\icons\cwdc.ico" in text and (PACKAGING / "icons" / "cwdc.ico").is_file()
    # the data folder the installer names is the one the app uses: platformdirs' user_data_dir on Windows
    import platformdirs.windows

    folders = {"CSIDL_LOCAL_APPDATA": "LOCAL", "CSIDL_APPDATA": "ROAMING"}
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", lambda csidl: folders[csidl])
    data = platformdirs.windows.Windows("inspector", appauthor=False).user_data_dir
    assert data == os.path.join("LOCAL", "inspector")
    assert re.search(r'^Name: "\{localappdata\}\\inspector"; Flags: uninsneveruninstall', text, re.M)
    assert "{userappdata}" not in text  # the roaming folder is not where the app keeps its data
    # the files come from the folder the spec builds, with both executables the spec makes on Windows
    spec = (PACKAGING / "cwdc.spec").read_text(encoding="utf-8")
    assert '#define AppExe "cwdc.exe"' in text and 'f"{bundle.APP_NAME}-cli"' in spec
    assert r'Source: "..\dist\cwdc\*"' in text


def test_the_icon_files_agree():
    from PIL import Image

    with Image.open(ROOT / "ui" / "icons" / "cwdc.png") as png:
        assert png.size == (256, 256) and png.mode == "RGBA"
    with Image.open(PACKAGING / "icons" / "cwdc.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    svg = ET.fromstring((ROOT / "ui" / "icons" / "cwdc.svg").read_bytes())
    assert svg.get("viewBox") == "0 0 256 256"
    assert svg.findtext("{http://www.w3.org/2000/svg}title") == "创文督查"
    make_icon = _load("cwdc_make_icon", PACKAGING / "make_icon.py")
    assert (ROOT / "ui" / "icons" / "cwdc.svg").read_text(encoding="utf-8") == make_icon.SVG  # the committed drawing


def _build_sh(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(PACKAGING / "build.sh"), *args], capture_output=True, text=True, timeout=60)


def test_build_sh_pins_the_qt_for_old_glibc_when_asked():
    plain = _build_sh("--dry-run", "--no-deb")
    assert plain.returncode == 0, plain.stderr
    assert "PySide6==" not in plain.stdout
    assert f"{PACKAGING}/.build-venv -m" in plain.stdout or f"{PACKAGING}/.build-venv/bin/python" in plain.stdout
    pinned = _build_sh("--dry-run", "--no-deb", "--qt", "6.9.3")
    assert pinned.returncode == 0, pinned.stderr
    assert "PySide6==6.9.3" in pinned.stdout and "PySide6-Essentials==6.9.3" in pinned.stdout
    assert f"{PACKAGING}/.build-venv-qt6.9.3/bin/python" in pinned.stdout
    assert "PyInstaller" in pinned.stdout and "cwdc.spec" in pinned.stdout
    wrong = _build_sh("--dry-run", "--qt", "latest")
    assert wrong.returncode == 2 and "6.9.3" in wrong.stderr
    assert not (PACKAGING / ".build-venv-qtlatest").exists()


@pytest.mark.skipif(os.environ.get("PACKAGING_TEST") != "1", reason="builds the frozen app (minutes): PACKAGING_TEST=1")
def test_the_frozen_app_and_the_deb_work():
    result = subprocess.run(["bash", str(PACKAGING / "test.sh")], capture_output=True, text=True, timeout=3600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


# --- Old-glibc builds: build.sh --glibc 2.28 (UOS V20, Kylin V10) ---------------------------------------------------

OLD_GLIBC = PACKAGING / "old-glibc"


@pytest.fixture(scope="module")
def manylinux_hook() -> ModuleType:
    return _load("cwdc_manylinux_hook", OLD_GLIBC / "_manylinux.py")


def test_the_manylinux_hook_takes_wheels_up_to_the_floor_only(manylinux_hook):
    assert manylinux_hook.GLIBC_FLOOR == (2, 28)
    for tag in ((2, 5), (2, 12), (2, 17), (2, 27), (2, 28)):  # manylinux1, 2010, 2014 and manylinux_2_x up to 2.28
        assert manylinux_hook.manylinux_compatible(*tag, "x86_64") is True, tag
    for tag in ((2, 29), (2, 34), (2, 39), (3, 0)):
        assert manylinux_hook.manylinux_compatible(*tag, "x86_64") is False, tag
    assert manylinux_hook.manylinux_compatible(2, 28, "aarch64") is True


def test_pip_asks_the_hook_and_drops_newer_manylinux_tags(manylinux_hook, monkeypatch):
    """pip's own tag code (its vendored `packaging`), on a host with glibc 2.36, with the hook importable."""
    manylinux = pytest.importorskip("pip._vendor.packaging._manylinux")
    if sys.platform != "linux" or os.uname().machine != "x86_64":
        pytest.skip("manylinux tags are checked against this interpreter's ELF header: x86_64 Linux only")
    monkeypatch.setattr(manylinux, "_get_glibc_version", lambda: manylinux._GLibCVersion(2, 36))
    tags = list(manylinux.platform_tags(["x86_64"]))
    assert "manylinux_2_34_x86_64" in tags  # without the hook, the host's glibc decides
    monkeypatch.setitem(sys.modules, "_manylinux", manylinux_hook)
    cached = getattr(manylinux, "_get_manylinux_module", None)  # pip ≥ 25 looks the hook up once per process
    if cached is not None:
        cached.cache_clear()
    try:
        tags = list(manylinux.platform_tags(["x86_64"]))
    finally:
        if cached is not None:
            cached.cache_clear()
    assert "manylinux_2_28_x86_64" in tags and "manylinux2014_x86_64" in tags and "manylinux1_x86_64" in tags
    assert not [tag for tag in tags if tag.startswith(("manylinux_2_29", "manylinux_2_3"))], tags


def test_the_glibc_filter_drops_only_system_libraries_above_the_floor(bundle):
    usr = "/usr/lib/x86_64-linux-gnu"
    site = "/build/.build-venv/lib/python3.13/site-packages"
    needs = {
        f"{usr}/libstdc++.so.6": (2, 36),
        f"{usr}/libglib-2.0.so.0": (2, 34),
        f"{usr}/libcups.so.2.0": (2, 36),
        f"{usr}/libxcb-cursor.so.0": (2, 14),  # within the floor: stays (UOS V20 may lack it)
        f"{usr}/libgobject-2.0.so.0": (2, 14),  # within the floor, but links the host's libglib: goes
        f"{usr}/libatk-1.0.so.0": (2, 4),  # links libgobject: goes too (the chain)
        f"{usr}/libffi.so.8": (2, 27),
        f"{usr}/libexactly.so.1": (2, 28),
        f"{usr}/libnoversions.so.1": None,
        f"{usr}/libpython3.13.so.1.0": (2, 36),  # never dropped: the floor check names it instead
        f"{site}/PySide6/Qt/lib/libQt6Core.so.6": (2, 34),  # a wheel's own library: the wheel tag decides
        "/usr/lib/python3.13/lib-dynload/_ssl.cpython-313-x86_64-linux-gnu.so": (2, 34),  # EXTENSION, not BINARY
        "/var/tmp/python-glibc2.27/lib/libssl.so.1.1": (2, 27),
    }
    asked: list[str] = []

    def glibc_of(path: str) -> tuple[int, ...] | None:
        asked.append(path)
        return needs[path]

    binaries = [
        ("libstdc++.so.6", f"{usr}/libstdc++.so.6", "BINARY"),
        ("libcups.so.2", f"{usr}/libcups.so.2.0", "BINARY"),
        ("libcups.so", "libcups.so.2", "SYMLINK"),  # points at a dropped library: goes with it
        ("libatk-1.0.so.0", f"{usr}/libatk-1.0.so.0", "BINARY"),
        ("libxcb-cursor.so.0", f"{usr}/libxcb-cursor.so.0", "BINARY"),
        ("libgobject-2.0.so.0", f"{usr}/libgobject-2.0.so.0", "BINARY"),
        ("libglib-2.0.so.0", f"{usr}/libglib-2.0.so.0", "BINARY"),
        ("libffi.so.8", f"{usr}/libffi.so.8", "BINARY"),
        ("libexactly.so.1", f"{usr}/libexactly.so.1", "BINARY"),
        ("libnoversions.so.1", f"{usr}/libnoversions.so.1", "BINARY"),
        ("libpython3.13.so.1.0", f"{usr}/libpython3.13.so.1.0", "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", f"{site}/PySide6/Qt/lib/libQt6Core.so.6", "BINARY"),
        ("_ssl.so", "/usr/lib/python3.13/lib-dynload/_ssl.cpython-313-x86_64-linux-gnu.so", "EXTENSION"),
        ("libssl.so.1.1", "/var/tmp/python-glibc2.27/lib/libssl.so.1.1", "BINARY"),
        ("libxcb-cursor.so", "libxcb-cursor.so.0", "SYMLINK"),
    ]
    links = {
        "libatk-1.0.so.0": ["libgobject-2.0.so.0", "libc.so.6"],  # reaches libglib through libgobject only
        "libgobject-2.0.so.0": ["libglib-2.0.so.0", "libffi.so.8", "libc.so.6"],
        "libxcb-cursor.so.0": ["libxcb.so.1", "libc.so.6"],
    }

    def needed_of(path: str) -> list[str]:
        return links.get(Path(path).name, ["libc.so.6"])

    kept, dropped = bundle.split_by_glibc(binaries, "2.28", glibc_of=glibc_of, needed_of=needed_of)
    assert [name for name, _s, _k in dropped] == [
        "libstdc++.so.6",
        "libcups.so.2",
        "libglib-2.0.so.0",
        "libgobject-2.0.so.0",
        "libatk-1.0.so.0",
        "libcups.so",
    ]
    assert [name for name, _s, _k in kept] == [
        "libxcb-cursor.so.0",
        "libffi.so.8",
        "libexactly.so.1",
        "libnoversions.so.1",
        "libpython3.13.so.1.0",
        "PySide6/Qt/lib/libQt6Core.so.6",
        "_ssl.so",
        "libssl.so.1.1",
        "libxcb-cursor.so",
    ]
    # only system shared libraries are looked at: not wheels' libraries, extensions, the Python prefix or libpython
    assert "/usr/lib/python3.13/lib-dynload/_ssl.cpython-313-x86_64-linux-gnu.so" not in asked
    assert not [path for path in asked if "site-packages" in path or "python-glibc" in path or "libpython" in path]
    kept_all, dropped_all = bundle.split_by_glibc(binaries, "2.36", glibc_of=glibc_of, needed_of=needed_of)
    assert dropped_all == [] and kept_all == binaries
    with pytest.raises(ValueError, match=r"2\.28"):
        bundle.split_by_glibc(binaries, "latest", glibc_of=glibc_of, needed_of=needed_of)


def test_system_libraries_are_told_from_bundled_ones(bundle):
    assert bundle.is_system_library("/usr/lib/x86_64-linux-gnu/libglib-2.0.so.0")
    assert bundle.is_system_library("/lib64/libz.so.1")
    assert not bundle.is_system_library("/usr/lib/python3/dist-packages/PyQt5/Qt5/lib/libQt5Core.so.5")
    assert not bundle.is_system_library("/usr/local/lib/python3.13/site-packages/cv2/libavcodec.so")
    assert not bundle.is_system_library("/work/packaging/build/python-glibc2.27/lib/libssl.so.1.1")
    readelf = """Version needs section '.gnu.version_r' contains 2 entries:
 Addr: 0x0  Offset: 0x000850  Link: 6 (.dynstr)
  000000: Version: 1  File: libc.so.6  Cnt: 3
  0x0010:   Name: GLIBC_2.2.5  Flags: none  Version: 4
  0x0020:   Name: GLIBC_2.34  Flags: none  Version: 3
  0x0030:   Name: GLIBC_2.4  Flags: none  Version: 2
  0x0040: Version: 1  File: libstdc++.so.6  Cnt: 1
  0x0050:   Name: GLIBCXX_3.4.30  Flags: none  Version: 5
"""
    assert bundle.newest_glibc(readelf) == (2, 34)  # numerically (2.34 > 2.4), and GLIBCXX is not glibc
    assert bundle.newest_glibc("no version sections") is None
    assert bundle.parse_glibc("2.28") == (2, 28) and bundle.parse_glibc("2.2.5") == (2, 2, 5)
    if shutil.which("readelf") and sys.platform == "linux":
        true = os.path.realpath(shutil.which("true"))
        assert bundle.glibc_needed(true) >= (2, 2)
        assert "libc.so.6" in bundle.needed_libraries(true)
    spec = (PACKAGING / "cwdc.spec").read_text(encoding="utf-8")
    assert "bundle.split_by_glibc(" in spec and 'os.environ.get("CWDC_GLIBC_FLOOR")' in spec


def test_build_sh_glibc_installs_the_hook_binary_wheels_only_and_checks_the_floor():
    old = _build_sh("--dry-run", "--no-deb", "--glibc", "2.28", "--qt", "6.9.3", "--python", "/opt/py/bin/python3.13")
    assert old.returncode == 0, old.stderr
    lines = old.stdout.splitlines()
    venv = f"{PACKAGING}/.build-venv-qt6.9.3-glibc2.28"
    made = f"+ /opt/py/bin/python3.13 -m venv {venv}"  # printed unless the venv is there from an earlier build
    assert made in lines or (PACKAGING / ".build-venv-qt6.9.3-glibc2.28" / "bin" / "python").exists()
    hook = [line for line in lines if "_manylinux hook" in line]
    assert hook and f"{venv}/lib/" in hook[0] and hook[0].endswith("_manylinux.py (GLIBC_FLOOR = (2, 28))")
    pip = [line for line in lines if " -m pip install " in line]
    assert pip and pip[0].startswith(f"+ {venv}/bin/python -m pip install ")
    assert "--only-binary=:all:" in pip[0] and "PySide6==6.9.3" in pip[0]
    assert lines.index(hook[0]) < lines.index(pip[0])  # the hook is in place before pip chooses wheels
    assert [line for line in lines if "PyInstaller" in line and "CWDC_GLIBC_FLOOR=2.28" in line]
    assert [line for line in lines if line.startswith("+ glibc floor check:") and line.endswith("≤ 2.28")]
    plain = _build_sh("--dry-run", "--no-deb")
    assert "_manylinux" not in plain.stdout and "--only-binary" not in plain.stdout
    assert "CWDC_GLIBC_FLOOR= " in plain.stdout  # empty: the spec keeps every library
    wrong = _build_sh("--dry-run", "--glibc", "2.28.1x")
    assert wrong.returncode == 2 and "2.28" in wrong.stderr
    # the template build.sh copies: its floor line is the one sed rewrites
    assert re.search(r"^GLIBC_FLOOR = \(2, 28\)$", (OLD_GLIBC / "_manylinux.py").read_text(encoding="utf-8"), re.M)
    assert "s/^GLIBC_FLOOR = .*/GLIBC_FLOOR = (" in (PACKAGING / "build.sh").read_text(encoding="utf-8")


def test_the_old_glibc_python_recipe_pins_its_sources():
    script = (OLD_GLIBC / "build-python.sh").read_text(encoding="utf-8")
    for name in ("PY_SHA256", "SQLITE_SHA256"):
        assert re.search(rf"^{name}=[0-9a-f]{{64}}$", script, re.M), name
    assert "sha256sum -c" in script
    done = subprocess.run(["bash", str(OLD_GLIBC / "build-python.sh"), "--dry-run"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "bionic" in done.stdout and "3.13.5" in done.stdout and "≤ 2.27" in done.stdout
    usage = subprocess.run(["bash", str(OLD_GLIBC / "try-on-bullseye.sh")], capture_output=True, text=True)
    assert usage.returncode != 0 and "DIST_FOLDER" in usage.stderr
