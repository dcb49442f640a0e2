"""Trust and sync between laptops and the office: keys, the registry, signed bundles and task packs, merge."""
