"""Record ids (time-ordered UUIDv7) and UTC timestamps.

Ids take their time from the machine (they must stay unique and ordered whatever the clock is set to); every
timestamp that is recorded comes from `inspector.clock`.
"""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, date, datetime

from inspector import clock


def uuid7() -> str:
    """Return a new time-ordered UUID (RFC 9562 version 7) as a string."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


_HEX = frozenset("0123456789abcdef")


def canonical_id(text: str) -> str | None:
    """The stored (lower-case, hyphenated) form of an id typed with or without hyphens, or None if it is not one."""
    hexes = text.strip().lower().replace("-", "")
    if len(hexes) != 32 or not _HEX.issuperset(hexes):
        return None
    return f"{hexes[:8]}-{hexes[8:12]}-{hexes[12:16]}-{hexes[16:20]}-{hexes[20:]}"


def utc_now() -> datetime:
    """The clock's current moment in UTC, to the microsecond."""
    return clock.now()


def to_iso(moment: datetime) -> str:
    """Store format: UTC ISO-8601 with a Z suffix, to the second; naive moments are the city's time."""
    return clock.local(moment).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_iso(text: str) -> datetime:
    """Parse a stored or user-given ISO-8601 time; naive times are taken as the city's time."""
    return clock.local(datetime.fromisoformat(text.replace("Z", "+00:00")))


def cn_date(day: date) -> str:
    """Chinese date without zero padding, e.g. 2026年11月27日."""
    return f"{day.year}年{day.month}月{day.day}日"
