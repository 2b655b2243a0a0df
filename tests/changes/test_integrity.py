"""A plan altered by one byte in any column, or an approval forged in the database, is detected
and voids the plan's approvals; racing approvals and racing planners leave one intact log."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from citynet.changes import audit, service
from citynet.changes.approvals import make_payload
from citynet.changes.policy import Policy, policy_from_text
from citynet.changes.signing import sign
from citynet.changes.store import ChangeStore, PlanRow
from citynet.errors import ApprovalError
from tests.changes.board import NOW, Board, fire_station_port, library_port
from tests.changes.conftest import Person, policy_text
from tests.changes.tamper import drop_guards, execute, one_byte

COLUMNS = [c.name for c in PlanRow.__table__.columns if c.name not in ("id", "predecessor_id")]


@pytest.fixture
def policy(people: dict[str, Person]) -> Policy:
    return policy_from_text(policy_text(people))


@pytest.fixture
def board(db_url: str, policy: Policy, people: dict[str, Person]) -> Iterator[Board]:
    with ChangeStore.open(db_url) as store:
        yield Board(store, policy, people)


def approved(board: Board) -> int:
    change = board.plan()
    board.act("bob", "approve", change)
    assert board.status(change).approved
    return change


def assert_void(board: Board, change: int, problem: str, verify_says: str = "") -> None:
    status = board.status(change)
    assert status.state == "tampered" and not status.approved and not status.approvable
    assert problem in status.reasons[0], status.reasons
    assert "its approvals are void" in status.reasons[0]
    with pytest.raises(ApprovalError, match=r"was altered in the database"):
        board.act("carol", "approve", change)
    problems = service.verify_store(board.store).problems
    wanted = verify_says or f"change {change}: "
    assert any(wanted in p for p in problems), problems


@pytest.mark.parametrize("column", COLUMNS)
def test_one_byte_in_any_plan_column_voids_the_approvals(board: Board, column: str) -> None:
    change = approved(board)
    with board.store.read() as session:
        value = getattr(session.get(PlanRow, change), column)
    if column == "document":
        altered = value.replace("description User port", "description User pore", 1)
        assert altered != value
    else:
        altered = one_byte(value)
    execute(
        board.store, f"UPDATE plans SET {column} = :value WHERE id = :id", value=altered, id=change
    )
    expected = {
        "document": "its content no longer matches its plan hash",
        "plan_hash": "its content no longer matches its plan hash",
    }.get(column, f"its {column} column differs from the signed plan")
    assert_void(board, change, expected)


def test_a_renumbered_plan_has_no_signed_entry(board: Board) -> None:
    change = approved(board)
    execute(board.store, "UPDATE plans SET id = 7 WHERE id = :id", id=change)
    with board.store.read() as session:
        plan = service.load_plan(session, 7)
    assert plan.problems == ["the audit log holds no signed 'plan' entry for it"]


def test_a_predecessor_slipped_in_is_detected(board: Board) -> None:
    first = board.plan()
    second = approved(board)
    execute(board.store, "UPDATE plans SET predecessor_id = :p WHERE id = :id", p=first, id=second)
    assert_void(board, second, "its predecessor_id column differs from the signed plan")


def test_a_plan_rehashed_consistently_still_fails_its_authors_signature(board: Board) -> None:
    from citynet.changes.canonical import canonical_json, sha256_hex

    change = approved(board)
    with board.store.read() as session:
        row = session.get(PlanRow, change)
        assert row is not None
        document = service.json.loads(row.document)
    document["devices"][0]["commands"].append("no logging host 10.0.44.12")
    text = canonical_json(document)
    execute(
        board.store,
        "UPDATE plans SET document = :d, plan_hash = :h WHERE id = :id",
        d=text,
        h=sha256_hex(text),
        id=change,
    )
    assert_void(board, change, "its plan hash is not the one its author signed")


def _append(board: Board, **fields: Any) -> None:
    with board.store.write() as session:
        audit.append(session, recorded_at="2026-03-03T15:00:00Z", os_user="mallory", **fields)


def test_an_approval_forged_in_the_database_voids_the_plan(
    board: Board, people: dict[str, Person]
) -> None:
    change = board.plan(devices=[fire_station_port()])
    board.act("bob", "approve", change)
    plan_hash = board.plan_hash(change)
    # mallory writes a well-chained entry saying carol approved, signed with mallory's key
    payload = make_payload(
        "approve", plan_hash=plan_hash, policy_hash=board.policy.hash, when=NOW, change_id=change
    )
    signature = sign(payload.encode(), people["mallory"].key)
    _append(
        board,
        action="approve",
        change_id=change,
        actor="carol",
        key_fingerprint=people["carol"].public.fingerprint,
        payload=payload,
        signature=signature,
    )
    assert_void(board, change, "does not match its signature", "entry 3 names key")


def test_an_approval_copied_from_another_change_voids_the_plan(board: Board) -> None:
    first = approved(board)
    second = board.plan()
    original = next(e for e in board.entries() if e.action == "approve")
    _append(
        board,
        action="approve",
        change_id=second,
        actor="bob",
        key_fingerprint=original.key_fingerprint,
        payload=original.payload,
        signature=original.signature,
    )
    assert board.status(first).approved
    assert_void(
        board,
        second,
        "does not match its signature",
        "entry 4 is filed under change 2 but signed for change 1",
    )


def test_an_edited_approval_entry_voids_the_plan(board: Board) -> None:
    change = approved(board)
    execute(
        board.store,
        "UPDATE audit_log SET details = :d WHERE action = 'approve'",
        d='{"comment":"approved by the mayor"}',
    )
    assert_void(
        board,
        change,
        "audit entry 2 (approve) was edited after recording",
        "entry 2 was edited: its content no longer matches its hash",
    )


# ---------------------------------------------------------------------------- races
def race(workers: list[Callable[[], Any]]) -> list[Any]:
    """Run the workers at the same moment; their results or exceptions, in order."""
    barrier = threading.Barrier(len(workers))
    results: list[Any] = [None] * len(workers)

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = workers[index]()
        except Exception as exc:  # collected for the test to look at
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _intact(board: Board) -> None:
    verification = service.verify_store(board.store)
    assert verification.ok, verification.problems


@pytest.mark.parametrize("round_", range(3))
def test_two_approvals_racing_are_both_recorded(board: Board, round_: int) -> None:
    change = board.plan(devices=[fire_station_port()])
    plan_hash = board.plan_hash(change)
    signed = {w: board.signed(w, "approve", plan_hash, change) for w in ("bob", "carol")}
    results = race(
        [
            lambda w=w: board.record(change, "approve", signed[w])  # type: ignore[misc]
            for w in signed
        ]
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(r.seq for r in results) == [2, 3]
    assert board.status(change).approved
    _intact(board)


def test_the_same_approver_racing_himself_counts_once(board: Board) -> None:
    change = board.plan(devices=[fire_station_port()])
    plan_hash = board.plan_hash(change)
    twice = [board.signed("bob", "approve", plan_hash, change) for _ in range(2)]
    results = race([lambda s=s: board.record(change, "approve", s) for s in twice])  # type: ignore[misc]
    errors = [r for r in results if isinstance(r, ApprovalError)]
    assert len(errors) == 1 and "bob already approved change 1" in str(errors[0])
    status = board.status(change)
    assert [a.actor for a in status.approvals] == ["bob"] and not status.approved
    _intact(board)


def test_two_engineers_planning_at_once(board: Board) -> None:
    results = race(
        [
            lambda: board.plan("alice", devices=[library_port()]),
            lambda: board.plan("erin", devices=[fire_station_port()]),
            lambda: board.plan("ci", devices=[library_port()]),
        ]
    )
    assert sorted(results) == [1, 2, 3], results
    for change in results:
        assert board.status(change).state == "awaiting approval"
    with board.store.read() as session:
        authors = {r.change_id: r.actor for r in audit.entries(session) if r.action == "plan"}
    assert sorted(authors.values()) == ["alice", "ci", "erin"]
    _intact(board)


def test_guards_refuse_plain_updates(board: Board) -> None:
    approved(board)
    from citynet.changes.store import StoreError

    with pytest.raises(StoreError, match=r"append-only"), board.store.write() as session:
        session.execute(sa.update(PlanRow).values(title="quietly renamed"))
    drop_guards(board.store)  # and the helper really removes them
    with board.store.write() as session:
        session.execute(sa.update(PlanRow).values(title="quietly renamed"))
