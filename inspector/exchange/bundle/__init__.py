"""Signed field bundles (field → office): envelope, payload, export, verification; the merge is `exchange.merge`."""
