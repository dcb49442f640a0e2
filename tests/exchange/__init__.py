"""Tests of inspector.exchange."""
