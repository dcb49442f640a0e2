"""`python main.py screenshots` renders every main screen, with real content (not blank frames)."""

from __future__ import annotations

from PIL import Image, ImageStat

from ui.screenshots import render


def test_every_main_screen_is_rendered(qapp, tmp_path):
    files = render(tmp_path / "shots")
    names = {f.stem for f in files}
    assert {
        "01-first-start",
        "02-tasks",
        "04-checklist-runner",
        "06-history",
        "09-negative-list",
        "10-settings",
        "11-import-report",
        "12-exchange",
        "13-office-bundle-import",
        "14-office-inspectors",
        "15-office-draws",
        "16-office-history",
    } <= names
    for path in files:
        with Image.open(path) as image:
            assert image.width >= 300 and image.height >= 200
            spread = ImageStat.Stat(image.convert("L")).stddev[0]
            assert spread > 5, f"{path.name} looks blank"
