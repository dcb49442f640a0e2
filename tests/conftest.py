"""Shared fixtures: real SQLite workspaces in temporary folders, Qt offscreen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Tests never assert on wall-clock time: hypothesis' per-example deadline would, on a noisy machine.
settings.register_profile("inspector", deadline=None)
settings.load_profile("inspector")

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "forms"


@pytest.fixture(autouse=True, scope="session")
def _cheap_key_wrapping():
    """New keys are wrapped with the cheapest scrypt the bounds allow, so the many fixtures that make keys stay fast.

    The app wraps with keys.DEFAULT_COST (about 1 s); tests/exchange/test_keys.py checks that default by its parameters,
    and that unlocking uses the parameters stored with each key.
    """
    from inspector.exchange import keys

    keys.cost = keys.ScryptCost(n=keys.MIN_N, r=1, p=1)
    yield
    keys.cost = keys.DEFAULT_COST


@pytest.fixture(autouse=True)
def _machine_clock():
    """Every test starts on the machine's clock and the default city zone, whatever the one before set."""
    from inspector import clock

    clock.reset()
    yield
    clock.reset()


@pytest.fixture
def db(tmp_path):
    """A fresh workspace database with the full schema (no data)."""
    from inspector.store import open_db

    database = open_db(tmp_path / "workspace.db")
    yield database
    database.conn.close()


def office_workspace(path: Path):
    """An office workspace with the default catalog, the demo site register and the demo roster (open)."""
    from inspector import catalog, forms, workspace
    from inspector.register import inspectors, sites

    space = workspace.init_workspace(path, role="office")
    types = {t.code: t.name for t in catalog.get_catalog(space.db).site_types}
    sites.import_sites(space.db, forms.form_path(forms.DEMO_SITES_FILE), site_types=types)
    inspectors.import_roster(space.db, forms.form_path(forms.DEMO_INSPECTORS_FILE))
    return space


@pytest.fixture
def ws(tmp_path):
    """An office workspace with the default catalog, the demo site register and the demo roster."""
    space = office_workspace(tmp_path / "ws")
    yield space
    space.close()


@pytest.fixture
def mount_tmpfs(tmp_path):
    """Mount small tmpfs folders: a full disk, a USB stick, a read-only medium (root on Linux; skipped elsewhere)."""
    mounts = []

    def mount(options: str) -> Path:
        where = tmp_path / f"mount{len(mounts)}"
        where.mkdir()
        if not sys.platform.startswith("linux") or shutil.which("mount") is None:
            pytest.skip("mounting a tmpfs needs Linux")
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
        mounts.append(where)
        return where

    yield mount
    for where in reversed(mounts):
        subprocess.run(["umount", "-l", str(where)], check=False)
