"""Tests of inspector.register."""
