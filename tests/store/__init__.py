"""Tests of inspector.store."""
