"""Tests of inspector.documents."""
