"""PEP 600 hook: pip installs only wheels that run on glibc ≤ GLIBC_FLOOR, whatever glibc the build host has.

packaging/build.sh --glibc X.Y copies this file into the build venv's site-packages with GLIBC_FLOOR = (X, Y);
pip's tag check imports `_manylinux` and asks `manylinux_compatible` about every manylinux_X_Y tag (the legacy
manylinux1/2010/2014 tags are manylinux_2_5/2_12/2_17 to it).
"""

GLIBC_FLOOR = (2, 28)


def manylinux_compatible(tag_major: int, tag_minor: int, tag_arch: str, **_kwargs: object) -> bool:
    """True for a manylinux_<tag_major>_<tag_minor> wheel that runs on glibc GLIBC_FLOOR (any architecture)."""
    return (tag_major, tag_minor) <= GLIBC_FLOOR
