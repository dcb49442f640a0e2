"""Widgets shared by several pages and areas (photo thumbnails and viewer, the site form, list tables)."""
