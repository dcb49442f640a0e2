"""创文督查 domain core: plain Python, never imports PySide6."""

__version__ = "0.1.0"
