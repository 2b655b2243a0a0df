"""The audit trail: ``audit verify`` names an edited, deleted, moved or rewritten entry and a cut
tail (with an exported head), and re-checks every signature; ``audit log`` and ``audit head``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from citynet.changes import audit, service
from citynet.changes.approvals import make_payload
from citynet.changes.policy import Policy, policy_from_text
from citynet.changes.signing import sign
from citynet.changes.sources import policy_history
from citynet.changes.store import ChangeStore
from tests.changes.board import NOW, Board, fire_station_port
from tests.changes.conftest import Person, policy_text
from tests.changes.tamper import execute
from tests.support import CliRunner


@pytest.fixture
def policy(people: dict[str, Person]) -> Policy:
    return policy_from_text(policy_text(people))


@pytest.fixture
def board(db_url: str, policy: Policy, people: dict[str, Person]) -> Iterator[Board]:
    """A log of six entries: two plans, an approval, a refusal, two more approvals."""
    with ChangeStore.open(db_url) as store:
        board = Board(store, policy, people)
        first = board.plan(devices=[fire_station_port()])
        second = board.plan()
        board.act("bob", "approve", first)
        with pytest.raises(Exception, match="already approved"):
            board.act("bob", "approve", first)
        board.act("carol", "approve", first)
        board.act("bob", "approve", second)
        yield board


def problems(board: Board, head: dict[str, object] | None = None) -> list[str]:
    return service.verify_store(board.store, head).problems


def test_an_intact_log_verifies(board: Board) -> None:
    result = service.verify_store(board.store)
    assert result.ok and (result.entries, result.signatures, result.plans) == (6, 5, 2)
    assert [e.action for e in board.entries()] == [
        "plan",
        "plan",
        "approve",
        "refused",
        "approve",
        "approve",
    ]


def test_an_edited_entry_is_named(board: Board) -> None:
    execute(board.store, "UPDATE audit_log SET actor = 'carol' WHERE seq = 4")
    assert problems(board) == ["entry 4 was edited: its content no longer matches its hash"]


def test_a_deleted_entry_is_named(board: Board) -> None:
    execute(board.store, "DELETE FROM audit_log WHERE seq = 4")
    assert problems(board) == ["entry 4 deleted: the log jumps to 5"]


def test_deleted_and_renumbered_entries_are_named(board: Board) -> None:
    execute(board.store, "DELETE FROM audit_log WHERE seq = 4")
    execute(board.store, "UPDATE audit_log SET seq = seq - 1 WHERE seq > 4")
    execute(board.store, "UPDATE audit_head SET seq = 5")
    found = problems(board)
    assert "entry 4 is out of order: it was recorded as entry 5" in found
    assert "entry 5 is out of order: it was recorded as entry 6" in found


def test_reordered_entries_are_named(board: Board) -> None:
    execute(board.store, "UPDATE audit_log SET seq = 100 WHERE seq = 2")
    execute(board.store, "UPDATE audit_log SET seq = 2 WHERE seq = 3")
    execute(board.store, "UPDATE audit_log SET seq = 3 WHERE seq = 100")
    assert problems(board) == [
        "entry 2 is out of order: it was recorded as entry 3",
        "entry 3 is out of order: it was recorded as entry 2",
    ]


def test_a_rewritten_entry_is_named_by_its_successor(board: Board) -> None:
    row = next(e for e in board.entries() if e.seq == 4)
    details = '{"attempted":"approve","reason":"nothing happened"}'
    fields = {
        c: getattr(row, c)
        for c in (
            "seq",
            "recorded_at",
            "action",
            "change_id",
            "actor",
            "key_fingerprint",
            "os_user",
            "payload",
            "signature",
            "prev_hash",
        )
    }
    rehashed = audit.entry_hash(**{**fields, "details": details})
    execute(
        board.store,
        "UPDATE audit_log SET details = :d, entry_hash = :h WHERE seq = 4",
        d=details,
        h=rehashed,
    )
    assert problems(board) == [
        "entry 4 was rewritten or deleted: entry 5 was recorded after an entry that is no longer "
        "there"
    ]


def test_a_cut_tail_needs_the_exported_head(board: Board) -> None:
    with board.store.read() as session:
        exported = audit.head(session)
    assert exported["seq"] == 6
    execute(board.store, "DELETE FROM audit_log WHERE seq > 4")
    # the head row betrays the cut ...
    assert problems(board) == [
        "the log's head row names entry 6, but the log ends at entry 4: entries were cut off the "
        "end or the head was altered"
    ]
    # ... and when it is moved back too, only the exported head does
    last = board.entries()[-1]
    execute(board.store, "UPDATE audit_head SET seq = 4, entry_hash = :h", h=last.entry_hash)
    assert problems(board) == []
    assert problems(board, exported) == [
        "entries were cut off the end: the log ends at entry 4, but the exported head names entry 6"
    ]


def test_a_head_from_a_rewritten_log_differs(board: Board) -> None:
    with board.store.read() as session:
        exported = dict(audit.head(session))
    exported["entry_hash"] = "f" * 64
    assert problems(board, exported) == [
        f"entry 6 differs from the exported head (hash {board.entries()[-1].entry_hash[:12]}, "
        "exported ffffffffffff): the log up to it was rewritten"
    ]


def test_every_signature_is_checked_against_its_policy(board: Board) -> None:
    execute(board.store, "DELETE FROM policies")
    found = problems(board)
    assert len(found) == 5
    assert all("the policy it was signed under" in p and "is not in the store" in p for p in found)


# ---------------------------------------------------------------------------- the commands
def test_audit_commands(
    board: Board, workspace: Path, db_url: str, cli: CliRunner, tmp_path: Path
) -> None:
    env = {"CITYNET_DB_URL": db_url}
    result = cli("audit", "verify", env=env, cwd=workspace)
    assert (result.code, result.out) == (
        0,
        "audit trail intact: 6 entries, 5 signatures, 2 plans checked\n",
    )
    head_file = tmp_path / "head.json"
    result = cli("audit", "head", "--output", str(head_file), env=env, cwd=workspace)
    assert result.code == 0 and json.loads(head_file.read_text())["seq"] == 6
    log = cli("audit", "log", "--change", "1", env=env, cwd=workspace)
    assert log.code == 0
    lines = log.out.splitlines()
    assert lines[0].split() == ["SEQ", "TIME", "ACTION", "CHANGE", "ACTOR", "DETAIL"]
    assert [line.split()[2] for line in lines[1:]] == ["plan", "approve", "refused", "approve"]
    as_json = json.loads(cli("audit", "log", "--format", "json", env=env, cwd=workspace).out)
    assert [e["seq"] for e in as_json["entries"]] == [1, 2, 3, 4, 5, 6]
    assert as_json["entries"][3]["details"]["attempted"] == "approve"
    execute(board.store, "DELETE FROM audit_log WHERE seq > 4")
    last = board.entries()[-1]
    execute(board.store, "UPDATE audit_head SET seq = 4, entry_hash = :h", h=last.entry_hash)
    result = cli("audit", "verify", "--head", str(head_file), env=env, cwd=workspace)
    assert result.code == 1
    assert result.out.splitlines() == [
        "entries were cut off the end: the log ends at entry 4, but the exported head names "
        "entry 6",
        "audit trail BROKEN: 1 problem(s) in 4 entries; treat every approval it holds as void "
        "until it is explained",
    ]
    result = cli("audit", "verify", "--head", str(tmp_path / "nope.json"), env=env, cwd=workspace)
    assert result.code == 1 and "cannot read an exported head" in result.err
    assert "Traceback" not in result.err


def test_a_policy_of_an_attackers_making_is_reported(
    board: Board, workspace: Path, db_url: str, cli: CliRunner, people: dict[str, Person]
) -> None:
    # mallory, who can write the database, stores a policy listing her key as bob's and
    # records an approval signed with it under that policy
    forged = policy_from_text(
        policy_text(people).replace(people["bob"].public.line, people["mallory"].public.line)
    )
    payload = make_payload(
        "approve", plan_hash=board.plan_hash(2), policy_hash=forged.hash, when=NOW, change_id=2
    )
    with board.store.write() as session:
        service.remember_policy(session, forged, NOW)
        audit.append(
            session,
            recorded_at="2026-03-03T15:00:00Z",
            action="approve",
            change_id=2,
            actor="bob",
            key_fingerprint=people["mallory"].public.fingerprint,
            payload=payload,
            signature=sign(payload.encode(), people["mallory"].key),
        )
    assert problems(board) == []  # the signature holds under the policy it names ...
    result = cli("audit", "verify", env={"CITYNET_DB_URL": db_url}, cwd=workspace)
    assert result.code == 1  # ... which is not the workspace's
    assert result.out.splitlines()[0] == (
        f"entry 7 was signed under policy {forged.hash[:12]}, which is not the workspace's "
        "change policy nor any version of it in git"
    )
    void = board.status(2).approvals[-1].void
    assert void is not None and "which the policy in force does not list" in void


def test_policy_history_reads_every_committed_version(workspace: Path) -> None:
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-C", str(workspace), "-c", "user.name=t", "-c", "user.email=t@t", *args],
            check=True,
            capture_output=True,
        )

    assert policy_history(workspace, "inventory/change_policy.yaml") == {}
    path = workspace / "inventory" / "change_policy.yaml"
    git("init", "-q")
    git("add", "inventory/change_policy.yaml")
    git("commit", "-q", "-m", "policy")
    first = policy_from_text(path.read_text()).hash
    path.write_text(path.read_text().replace("plan_expiry_days: 14", "plan_expiry_days: 7"))
    git("commit", "-q", "-am", "shorter plans")
    history = policy_history(workspace, "inventory/change_policy.yaml")
    assert set(history) == {first, policy_from_text(path.read_text()).hash}
