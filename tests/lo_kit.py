"""LibreOffice for the DOCX tests: convert .docx files to PDF the way a clerk's LibreOffice prints them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def soffice() -> str:
    """The LibreOffice binary; skips the test (with how to get it) when it is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed: install.sh --test installs libreoffice-writer-nogui")
    return found


def to_pdf(docx: list[Path], folder: Path, *, timeout: float = 180) -> list[Path]:
    """Convert the files into `folder` with a private profile (parallel runs do not share LibreOffice's lock)."""
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *(str(path) for path in docx),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )
    return [folder / (path.stem + ".pdf") for path in docx]
