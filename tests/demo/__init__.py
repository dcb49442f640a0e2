"""Tests of inspector.demo."""
