"""Tests of inspector.oversight."""
