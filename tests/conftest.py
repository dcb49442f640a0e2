"""Shared fixtures: real SQLite workspaces in temporary folders, Qt offscreen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "forms"


@pytest.fixture
def db(tmp_path):
    """A fresh workspace database with the full schema (no data)."""
    from inspector.store import open_db

    database = open_db(tmp_path / "workspace.db")
    yield database
    database.conn.close()
