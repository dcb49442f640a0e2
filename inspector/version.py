"""The app's version (also in pyproject.toml), read by crash reports without importing the whole core."""

__version__ = "0.1.0"
