"""Change windows and freezes, in the City's time zone, right across DST changes.

A window is wall-clock time on given days (``tue wed thu 22:00-05:00``: from 22:00
on each of those days to 05:00 the next morning). Wall-clock semantics decide the
two DST days: when clocks spring forward (02:00 -> 03:00) a window from 02:00 opens
at 03:00, the first minute that exists; when they fall back (02:00 -> 01:00) a
window covering 01:00-02:00 covers both of that hour's passes.

A freeze is a period between two local date-times, start included, end excluded.
A local time that does not exist (the spring gap) means the moment the clocks
jump past it; one that happens twice (the autumn repeat) means its first pass
for a start and its second for an end: a freeze never shrinks.

Pure: times come in, answers come out; the caller gives "now".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

CITY_TIMEZONE = "America/New_York"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Window:
    """Wall-clock hours on some days; ``end <= start`` runs past midnight."""

    days: tuple[str, ...]
    start: time
    end: time

    def contains(self, local: datetime) -> bool:
        """Whether a local (wall-clock) time falls in the window."""
        clock = local.time().replace(tzinfo=None)
        today = DAYS[local.weekday()]
        yesterday = DAYS[(local.weekday() - 1) % 7]
        if self.start < self.end:
            return today in self.days and self.start <= clock < self.end
        return (today in self.days and clock >= self.start) or (
            yesterday in self.days and clock < self.end
        )

    def __str__(self) -> str:
        return f"{' '.join(self.days)} {self.start:%H:%M}-{self.end:%H:%M}"


@dataclass(frozen=True)
class Freeze:
    """No changes between two local date-times (start included, end excluded)."""

    name: str
    start: datetime
    end: datetime
    reason: str = ""

    def span(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The freeze as two UTC instants (never shorter than its wall-clock reading)."""
        return local_instant(self.start, zone, first=True), local_instant(
            self.end, zone, first=False
        )


def local_instant(naive: datetime, zone: ZoneInfo, *, first: bool = True) -> datetime:
    """The UTC instant of a local wall-clock time.

    A time the clocks skip is the instant they jump past it; a time that happens
    twice is its first pass (``first``) or its second.

    >>> ny = ZoneInfo("America/New_York")
    >>> str(local_instant(datetime(2026, 3, 8, 2, 30), ny))     # skipped: clocks jump at 07:00Z
    '2026-03-08 07:00:00+00:00'
    >>> str(local_instant(datetime(2026, 11, 1, 1, 30), ny, first=False))  # the second 01:30
    '2026-11-01 06:30:00+00:00'
    """
    readings = [naive.replace(tzinfo=zone, fold=f).astimezone(UTC) for f in (0, 1)]
    real = [r for r in readings if r.astimezone(zone).replace(tzinfo=None) == naive]
    if real:
        return min(real) if first else max(real)
    # Skipped: the jump lies between the two readings; find it to the minute.
    low, high = min(readings), max(readings)
    while high - low > timedelta(minutes=1):
        middle = low + (high - low) / 2
        middle = middle.replace(second=0, microsecond=0)
        if middle <= low:
            break
        if middle.astimezone(zone).replace(tzinfo=None) >= naive:
            high = middle
        else:
            low = middle
    return high


@dataclass(frozen=True)
class Calendar:
    """The windows of each site kind, the default windows, and the freezes."""

    zone: ZoneInfo
    default: tuple[Window, ...]
    by_kind: dict[str, tuple[Window, ...]]
    freezes: tuple[Freeze, ...] = ()

    def windows_for(self, kind: str) -> tuple[Window, ...]:
        """The windows of a site kind (the default ones unless the policy names its own)."""
        return self.by_kind.get(kind, self.default)

    def in_window(self, kind: str, when: datetime) -> bool:
        """Whether ``when`` (any aware time) is inside a window of the site kind."""
        local = when.astimezone(self.zone)
        return any(w.contains(local) for w in self.windows_for(kind))

    def freeze_at(self, when: datetime) -> Freeze | None:
        """The freeze in force at ``when``, if any."""
        for freeze in self.freezes:
            start, end = freeze.span(self.zone)
            if start <= when < end:
                return freeze
        return None

    def open_for(self, kinds: Iterable[str], when: datetime) -> bool:
        """Whether a change touching these site kinds may run at ``when``."""
        return self.freeze_at(when) is None and all(self.in_window(k, when) for k in kinds)

    def next_open(
        self, kinds: Sequence[str], after: datetime, *, horizon_days: int = 120
    ) -> datetime | None:
        """The first instant at or after ``after`` when every kind's window is open and
        no freeze holds (None within the horizon)."""
        kinds = list(dict.fromkeys(kinds))
        after = after.astimezone(UTC)
        for candidate in self._candidates(kinds, after, horizon_days):
            if self.open_for(kinds, candidate):
                return candidate
        return None

    def _candidates(self, kinds: Sequence[str], after: datetime, days: int) -> list[datetime]:
        """Instants where the answer of :meth:`open_for` can change, in order."""
        moments = {after}
        first = after.astimezone(self.zone).date() - timedelta(days=1)
        windows = {w for k in kinds for w in self.windows_for(k)}
        for offset in range(days + 2):
            day = first + timedelta(days=offset)
            for window in windows:
                if DAYS[day.weekday()] in window.days:
                    start = datetime.combine(day, window.start)
                    moments.add(local_instant(start, self.zone, first=True))
                    moments.add(local_instant(start, self.zone, first=False))
            moments.update(_transitions(day, self.zone))
        for freeze in self.freezes:
            moments.add(freeze.span(self.zone)[1])
        return sorted(m for m in moments if m >= after)


def _transitions(day: date, zone: ZoneInfo) -> list[datetime]:
    """The DST transitions during a local day (the instants the offset changes)."""
    start = local_instant(datetime.combine(day, time()), zone)
    end = start + timedelta(hours=25)
    if start.astimezone(zone).utcoffset() == end.astimezone(zone).utcoffset():
        return []
    low, high = start, end
    while high - low > timedelta(minutes=1):
        middle = (low + (high - low) / 2).replace(second=0, microsecond=0)
        if middle <= low:
            break
        if middle.astimezone(zone).utcoffset() == start.astimezone(zone).utcoffset():
            low = middle
        else:
            high = middle
    return [high]


def parse_clock(text: str) -> time:
    """``HH:MM`` (24-hour) as a time.

    Raises:
        ValueError: not a 24-hour ``HH:MM``.

    >>> parse_clock("22:30")
    datetime.time(22, 30)
    """
    parts = text.split(":")
    if len(parts) != 2 or not all(p.isdigit() and len(p) == 2 for p in parts):
        raise ValueError(f"{text!r} is not a 24-hour time; write it as HH:MM (e.g. 22:00)")
    hour, minute = int(parts[0]), int(parts[1])
    if hour > 23 or minute > 59:
        raise ValueError(f"{text!r} is not a time of day (00:00 to 23:59)")
    return time(hour, minute)


def parse_local(text: str) -> datetime:
    """``YYYY-MM-DD HH:MM`` (local wall-clock time, no zone) as a naive datetime.

    Raises:
        ValueError: not in that form.

    >>> parse_local("2026-11-01 01:30")
    datetime.datetime(2026, 11, 1, 1, 30)
    """
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M")
    except ValueError:
        raise ValueError(
            f"{text!r} is not a local date and time; write it as YYYY-MM-DD HH:MM"
        ) from None
