"""The supervisor's pages in an office workspace: bundle import, the inspectors registry, draws and task packs."""
