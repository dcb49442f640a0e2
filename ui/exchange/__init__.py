"""The field laptop's exchange with the office: signing key, registration, bundle export, task packs."""
