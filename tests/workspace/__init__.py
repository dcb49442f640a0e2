"""Tests of inspector.workspace."""
