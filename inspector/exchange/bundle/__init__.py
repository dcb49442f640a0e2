"""Signed field bundles (field → office): payload, manifest, export, verification; sealed in `inspector.envelope`."""
