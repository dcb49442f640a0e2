"""The main window's pages (one module each) and their shared base class."""
