"""PySide6 views, models and workers; calls inspector/, holds no business rules."""
