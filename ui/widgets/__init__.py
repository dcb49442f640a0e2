"""Widgets shared by several pages (photo thumbnails and the photo viewer)."""
