"""The one clock the core reads: the current moment, and the city's local dates and times.

Dates that count (inspection day, period, deadline, document date, watermark, Excel times) are the city's
local dates, in the zone a workspace names (setting `timezone`, default Asia/Shanghai), never the machine's
zone. Tests and the demo set the clock; everything else asks it.
"""

from __future__ import annotations

import os
import time as _time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from inspector.errors import InspectorError

DEFAULT_ZONE = "Asia/Shanghai"
SETTING_KEY = "timezone"


class ZoneError(InspectorError):
    """A time zone name that is not known."""


def zone_named(name: str) -> tzinfo:
    """The time zone of an IANA name such as Asia/Shanghai."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ZoneError(f"不认识的时区“{name}”：请写成 IANA 时区名，如 Asia/Shanghai") from exc


@dataclass(frozen=True)
class Clock:
    """Now, from the machine or from a set moment (frozen, or ticking on from it), and the city's zone."""

    zone_name: str = DEFAULT_ZONE
    start: datetime | None = None  # the set moment; None reads the machine's clock
    ticking: bool = True  # a set clock moves on from `start` as real time passes
    _set_at: float = 0.0  # monotonic reading when `start` was set

    @property
    def zone(self) -> tzinfo:
        """The city's time zone."""
        return zone_named(self.zone_name)

    def now(self) -> datetime:
        """The current moment in UTC."""
        if self.start is None:
            return datetime.now(UTC)
        if not self.ticking:
            return self.start
        return self.start + timedelta(seconds=_time.monotonic() - self._set_at)

    def today(self) -> date:
        """The city's calendar date now."""
        return self.local(self.now()).date()

    def local(self, moment: datetime) -> datetime:
        """A moment in the city's time; a naive moment is taken as city time already."""
        if moment.tzinfo is None:
            return moment.replace(tzinfo=self.zone)
        return moment.astimezone(self.zone)

    def at(self, day: date, clock_time: time = time(0)) -> datetime:
        """The moment a city wall clock shows `clock_time` on `day`."""
        return datetime.combine(day, clock_time, tzinfo=self.zone)


_current = Clock()


def current() -> Clock:
    """The clock the core reads."""
    return _current


def now() -> datetime:
    """The current moment in UTC."""
    return _current.now()


def today() -> date:
    """The city's calendar date now."""
    return _current.today()


def zone() -> tzinfo:
    """The city's time zone."""
    return _current.zone


def local(moment: datetime) -> datetime:
    """A moment in the city's time (naive moments are city time)."""
    return _current.local(moment)


def local_date(moment: datetime) -> date:
    """The city's calendar date of a moment."""
    return _current.local(moment).date()


def at(day: date, clock_time: time = time(0)) -> datetime:
    """The moment the city's wall clock shows `clock_time` on `day`."""
    return _current.at(day, clock_time)


def set_zone(name: str) -> None:
    """Make `name` the city's zone (opening a workspace does this from its `timezone` setting)."""
    global _current
    zone_named(name)  # refuse an unknown name before changing anything
    _current = replace(_current, zone_name=name)


def set_moment(moment: datetime | None, *, ticking: bool = True) -> None:
    """Set the clock to a moment (frozen, or ticking on from it), or back to the machine's clock with None."""
    global _current
    if moment is not None and moment.tzinfo is None:
        moment = _current.local(moment)
    start = None if moment is None else moment.astimezone(UTC)
    _current = replace(_current, start=start, ticking=ticking, _set_at=_time.monotonic())


@contextmanager
def travel(moment: datetime, *, ticking: bool = True) -> Iterator[Clock]:
    """Within the block, the clock reads `moment` (and moves on from it unless `ticking` is False)."""
    global _current
    before = _current
    set_moment(moment, ticking=ticking)
    try:
        yield _current
    finally:
        _current = before


def reset() -> None:
    """The machine's clock and the default zone again (tests call this between cases)."""
    global _current
    _current = Clock()


def file_system_now(folder: Path) -> float:
    """Now, in seconds, as the file system holding `folder` stamps files: what file ages are measured against.

    A file's modification time comes from the machine that stores it, not from this clock: a network share's
    server may differ, and a clock set for a test does not move the disk's stamps. Falls back to the machine's
    clock when nothing can be written there.
    """
    probe = folder / f".now-{os.getpid()}-{_time.monotonic_ns()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            return os.fstat(fd).st_mtime
        finally:
            os.close(fd)
            probe.unlink()
    except OSError:
        return _time.time()
