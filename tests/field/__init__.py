"""Tests of inspector.field."""
