"""Tests of inspector.tracking."""
