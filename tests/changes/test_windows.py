"""Change windows and freezes in America/New_York at their edges, on the two DST days of 2026
(clocks jump 02:00 -> 03:00 on March 8 and fall back 02:00 -> 01:00 on November 1)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from citynet.changes.policy import Policy, policy_from_text
from citynet.changes.store import ChangeStore
from citynet.changes.windows import Calendar, Freeze, Window, local_instant
from tests.changes.board import Board, library_port
from tests.changes.conftest import Person, policy_text

NY = ZoneInfo("America/New_York")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def calendar(*windows: Window, freezes: tuple[Freeze, ...] = ()) -> Calendar:
    return Calendar(NY, tuple(windows), {}, freezes)


OVERNIGHT = Window(("tue", "wed", "thu"), time(22, 0), time(5, 0))


@pytest.mark.parametrize(
    ("when", "inside"),
    [
        (utc(2026, 6, 2, 1, 59), False),  # Mon 21:59 EDT
        (utc(2026, 6, 3, 1, 59), False),  # Tue 21:59 EDT
        (utc(2026, 6, 3, 2, 0), True),  # Tue 22:00 EDT: the start is in
        (utc(2026, 6, 3, 8, 59), True),  # Wed 04:59 EDT
        (utc(2026, 6, 3, 9, 0), False),  # Wed 05:00 EDT: the end is out
        (utc(2026, 6, 5, 8, 59), True),  # Fri 04:59 EDT, after Thursday night
        (utc(2026, 6, 6, 8, 0), False),  # Sat 04:00 EDT: Friday night is not a window
        (utc(2026, 1, 7, 3, 0), True),  # Tue 22:00 EST in winter: the same wall clock
        (utc(2026, 1, 7, 2, 59), False),
    ],
)
def test_an_overnight_window_at_its_edges(when: datetime, inside: bool) -> None:
    assert calendar(OVERNIGHT).in_window("library", when) is inside


def test_spring_forward_a_window_opens_at_the_first_minute_that_exists() -> None:
    sunday = calendar(Window(("sun",), time(2, 0), time(4, 0)))
    assert not sunday.in_window("x", utc(2026, 3, 8, 6, 59))  # 01:59 EST
    assert sunday.in_window("x", utc(2026, 3, 8, 7, 0))  # 03:00 EDT: 02:00-02:59 never happen
    assert sunday.in_window("x", utc(2026, 3, 8, 7, 59))
    assert not sunday.in_window("x", utc(2026, 3, 8, 8, 0))  # 04:00 EDT: one real hour
    assert sunday.next_open(["x"], utc(2026, 3, 7, 12, 0)) == utc(2026, 3, 8, 7, 0)
    half_past = calendar(Window(("sun",), time(2, 30), time(4, 0)))
    assert half_past.next_open(["x"], utc(2026, 3, 7, 12, 0)) == utc(2026, 3, 8, 7, 0)
    skipped = calendar(Window(("sun",), time(2, 0), time(3, 0)))  # lies wholly in the gap
    assert skipped.next_open(["x"], utc(2026, 3, 7, 12, 0)) == utc(2026, 3, 15, 6, 0)


def test_fall_back_a_window_covers_both_passes_of_the_repeated_hour() -> None:
    sunday = calendar(Window(("sun",), time(1, 0), time(2, 0)))
    assert not sunday.in_window("x", utc(2026, 11, 1, 4, 59))  # 00:59 EDT
    assert sunday.in_window("x", utc(2026, 11, 1, 5, 0))  # 01:00 EDT, first pass
    assert sunday.in_window("x", utc(2026, 11, 1, 6, 30))  # 01:30 EST, second pass
    assert not sunday.in_window("x", utc(2026, 11, 1, 7, 0))  # 02:00 EST
    assert sunday.next_open(["x"], utc(2026, 10, 31, 12, 0)) == utc(2026, 11, 1, 5, 0)


def test_an_overnight_window_across_each_dst_change_runs_by_the_wall_clock() -> None:
    saturday = calendar(Window(("sat",), time(22, 0), time(5, 0)))
    assert saturday.in_window("x", utc(2026, 3, 8, 3, 0))  # Sat 22:00 EST
    assert saturday.in_window("x", utc(2026, 3, 8, 8, 59))  # Sun 04:59 EDT (6 real hours)
    assert not saturday.in_window("x", utc(2026, 3, 8, 9, 0))
    assert saturday.in_window("x", utc(2026, 11, 1, 9, 59))  # Sun 04:59 EST (8 real hours)
    assert not saturday.in_window("x", utc(2026, 11, 1, 10, 0))


def test_freezes_at_their_edges_and_on_dst_days() -> None:
    election = Freeze("Election", datetime(2026, 11, 2), datetime(2026, 11, 5))
    repeated = Freeze("Repeated", datetime(2026, 11, 1, 1, 30), datetime(2026, 11, 1, 1, 45))
    skipped = Freeze("Skipped", datetime(2026, 3, 8, 2, 30), datetime(2026, 3, 8, 3, 30))
    frozen = calendar(OVERNIGHT, freezes=(election, repeated, skipped))
    assert frozen.freeze_at(utc(2026, 11, 2, 4, 59)) is None  # Nov 1 23:59 EST
    assert frozen.freeze_at(utc(2026, 11, 2, 5, 0)) is election  # the start is in
    assert frozen.freeze_at(utc(2026, 11, 5, 4, 59)) is election
    assert frozen.freeze_at(utc(2026, 11, 5, 5, 0)) is None  # the end is out
    # 01:30-01:45 happens twice on November 1: the freeze holds from the first 01:30 to the
    # second 01:45
    assert frozen.freeze_at(utc(2026, 11, 1, 5, 29)) is None
    assert frozen.freeze_at(utc(2026, 11, 1, 5, 30)) is repeated
    assert frozen.freeze_at(utc(2026, 11, 1, 6, 10)) is repeated  # 01:10 EST, between passes
    assert frozen.freeze_at(utc(2026, 11, 1, 6, 44)) is repeated  # second 01:44
    assert frozen.freeze_at(utc(2026, 11, 1, 6, 45)) is None
    # 02:30 does not exist on March 8: the freeze starts when the clocks jump
    assert frozen.freeze_at(utc(2026, 3, 8, 6, 59)) is None
    assert frozen.freeze_at(utc(2026, 3, 8, 7, 0)) is skipped
    assert frozen.freeze_at(utc(2026, 3, 8, 7, 30)) is None  # 03:30 EDT
    # the first open moment after election night: the freeze ends inside Wednesday's window
    assert frozen.next_open(["library"], utc(2026, 11, 3, 12, 0)) == utc(2026, 11, 5, 5, 0)


def test_local_instants_of_skipped_and_repeated_times() -> None:
    assert local_instant(datetime(2026, 3, 8, 2, 0), NY) == utc(2026, 3, 8, 7, 0)
    assert local_instant(datetime(2026, 3, 8, 2, 59), NY) == utc(2026, 3, 8, 7, 0)
    assert local_instant(datetime(2026, 11, 1, 1, 0), NY) == utc(2026, 11, 1, 5, 0)
    assert local_instant(datetime(2026, 11, 1, 1, 0), NY, first=False) == utc(2026, 11, 1, 6, 0)
    assert local_instant(datetime(2026, 7, 4, 12, 0), NY, first=False) == utc(2026, 7, 4, 16, 0)


def test_a_change_touching_several_kinds_waits_for_all_their_windows() -> None:
    both = Calendar(NY, (OVERNIGHT,), {"fire_station": (Window(("sun",), time(1), time(3)),)})
    library_night = utc(2026, 6, 3, 3, 0)  # Tue 23:00 EDT
    assert both.open_for(["library"], library_night)
    assert not both.open_for(["library", "fire_station"], library_night)
    assert both.next_open(["library", "fire_station"], library_night) is None  # never together
    assert both.next_open(["fire_station"], library_night) == utc(2026, 6, 7, 5, 0)


# ---------------------------------------------------------------------------- plan status
@pytest.fixture
def board(tmp_path: object, people: dict[str, Person]) -> Iterator[Board]:
    policy: Policy = policy_from_text(policy_text(people))
    with ChangeStore.open(f"sqlite:///{tmp_path}/c.db") as store:
        yield Board(store, policy, people, now=utc(2026, 11, 1, 4, 0))


def test_show_says_outside_its_window_frozen_or_emergency(board: Board) -> None:
    change = board.plan(devices=[library_port()])
    board.act("bob", "approve", change)
    # Saturday night: library changes wait for Sunday 02:00 (EST, after the clocks fall back)
    status = board.status(change)
    assert status.state == "approved, outside its window"
    assert status.reasons == ["outside its change window (next opens Sun 2026-11-01 02:00 EST)"]
    assert status.next_window == utc(2026, 11, 1, 7, 0)
    assert board.status(change, now=utc(2026, 11, 1, 7, 0)).state == "approved"
    # the test policy freezes 01:30-01:45 (both passes): even inside a window, frozen
    frozen = board.status(change, now=utc(2026, 11, 1, 6, 40))
    assert frozen.state == "approved, frozen"
    assert frozen.reasons == ["frozen: Clock change (the hour that happens twice)"]
    emergency = board.plan(devices=[library_port()], emergency="storm damage")
    board.act("bob", "approve", emergency)
    status = board.status(emergency, now=utc(2026, 11, 1, 6, 40))
    assert status.state == "approved"
    assert status.reasons[-1].startswith("emergency change: may run outside its window and during")


def test_approvals_do_not_wait_for_windows(board: Board) -> None:
    change = board.plan(devices=[library_port()])
    board.act("bob", "approve", change, now=board.now + timedelta(minutes=5))
    assert board.status(change).approved


def test_the_push_check_needs_approval_and_an_open_window(board: Board) -> None:
    from citynet.changes.service import require_pushable
    from citynet.errors import ApprovalError

    change = board.plan(devices=[library_port()])
    with pytest.raises(ApprovalError, match=r"change 1 may not be pushed: awaiting approval"):
        require_pushable(board.store, board.policy, change, board.now)
    board.act("bob", "approve", change)
    with pytest.raises(ApprovalError, match=r"approved but may not be pushed now: outside its"):
        require_pushable(board.store, board.policy, change, board.now)
    with pytest.raises(ApprovalError, match=r"may not be pushed now: frozen: Clock change"):
        require_pushable(board.store, board.policy, change, utc(2026, 11, 1, 6, 40))
    assert require_pushable(board.store, board.policy, change, utc(2026, 11, 1, 7, 0)).row.id == 1
