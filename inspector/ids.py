"""Record ids (time-ordered UUIDv7) and UTC timestamps."""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, date, datetime


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


def utc_now() -> datetime:
    """Current time in UTC, to the microsecond."""
    return datetime.now(UTC)


def to_iso(moment: datetime) -> str:
    """Store format: UTC ISO-8601 with a Z suffix, to the second."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_iso(text: str) -> datetime:
    """Parse a stored or user-given ISO-8601 time; naive times are taken as local time."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment


def local_date(moment: datetime) -> date:
    """The calendar date of a moment in the machine's local time zone."""
    return moment.astimezone().date()


def cn_date(day: date) -> str:
    """Chinese date without zero padding, e.g. 2026年11月27日."""
    return f"{day.year}年{day.month}月{day.day}日"
