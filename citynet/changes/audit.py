"""The audit trail: an append-only log where each entry carries the previous one's hash.

Every action (plan, approve, reject, withdraw, review, every refused attempt, and
later each push step and rollback) is one entry: when, who (the name the change
policy gives the signing key), the operating-system user (for information only),
what, the details, and for a signed action the exact payload and signature. An
entry's hash covers all of it and the hash of the entry before, so
:func:`verify_chain` names an entry that was edited, deleted or moved. Cutting
entries off the end leaves a shorter valid chain: the head (the last entry's
number and hash), exported and kept elsewhere, proves it (:func:`check_head`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from citynet.changes.canonical import canonical_json, digest
from citynet.changes.store import GENESIS, AuditHead, AuditRow, StoreError

SEARCH = 64
"""How far from its place a moved entry is looked for (to say where it came from)."""


def entry_hash(
    *,
    seq: int,
    recorded_at: str,
    action: str,
    change_id: int | None,
    actor: str,
    key_fingerprint: str,
    os_user: str,
    details: str,
    payload: str | None,
    signature: str | None,
    prev_hash: str,
) -> str:
    """The hash of one entry: every column, and the hash of the entry before."""
    return digest(
        {
            "seq": seq,
            "recorded_at": recorded_at,
            "action": action,
            "change_id": change_id,
            "actor": actor,
            "key_fingerprint": key_fingerprint,
            "os_user": os_user,
            "details": details,
            "payload": payload,
            "signature": signature,
            "prev_hash": prev_hash,
        }
    )


def row_hash(row: AuditRow, seq: int | None = None) -> str:
    """The hash a row's content gives (at its own place, or at ``seq``)."""
    return entry_hash(
        seq=row.seq if seq is None else seq,
        recorded_at=row.recorded_at,
        action=row.action,
        change_id=row.change_id,
        actor=row.actor,
        key_fingerprint=row.key_fingerprint,
        os_user=row.os_user,
        details=row.details,
        payload=row.payload,
        signature=row.signature,
        prev_hash=row.prev_hash,
    )


def append(
    session: Session,
    *,
    recorded_at: str,
    action: str,
    change_id: int | None,
    actor: str,
    key_fingerprint: str = "",
    os_user: str = "",
    details: dict[str, Any] | None = None,
    payload: str | None = None,
    signature: str | None = None,
) -> AuditRow:
    """Append one entry (inside a :meth:`ChangeStore.write` transaction, which holds the lock).

    Raises:
        StoreError: the log's head is missing (the database was damaged).
    """
    head = session.get(AuditHead, 1)
    if head is None:
        raise StoreError("the audit log has no head row; the change store is damaged")
    fields: dict[str, Any] = {
        "seq": head.seq + 1,
        "recorded_at": recorded_at,
        "action": action,
        "change_id": change_id,
        "actor": actor,
        "key_fingerprint": key_fingerprint,
        "os_user": os_user,
        "details": canonical_json(details or {}),
        "payload": payload,
        "signature": signature,
        "prev_hash": head.entry_hash,
    }
    row = AuditRow(**fields, entry_hash=entry_hash(**fields))
    session.add(row)
    head.seq, head.entry_hash = row.seq, row.entry_hash
    session.flush()
    return row


def entries(session: Session, change_id: int | None = None) -> list[AuditRow]:
    """The log in order (only one change's entries when ``change_id`` is given)."""
    query = select(AuditRow).order_by(AuditRow.seq)
    if change_id is not None:
        query = query.where(AuditRow.change_id == change_id)
    return list(session.scalars(query))


def head(session: Session) -> dict[str, Any]:
    """The head to export: the last entry's number and hash."""
    row = session.get(AuditHead, 1)
    if row is None:
        raise StoreError("the audit log has no head row; the change store is damaged")
    last = session.get(AuditRow, row.seq) if row.seq else None
    return {
        "seq": row.seq,
        "entry_hash": row.entry_hash,
        "recorded_at": last.recorded_at if last is not None else None,
    }


def details_of(row: AuditRow) -> dict[str, Any]:
    """An entry's details (empty when they are unreadable; verify reports that)."""
    try:
        value = json.loads(row.details)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class Problem:
    """Something wrong in the log, naming the entry."""

    seq: int | None
    message: str

    def __str__(self) -> str:
        return self.message


def _recorded_as(row: AuditRow, known: dict[str, int]) -> int | None:
    """Where a row whose hash fails at its place was recorded, if its content is intact."""
    predecessor = known.get(row.prev_hash)
    guesses = [predecessor + 1] if predecessor is not None else []
    guesses += [row.seq + d for d in range(-SEARCH, SEARCH + 1) if d]
    if row.prev_hash == GENESIS:
        guesses.insert(0, 1)
    for seq in guesses:
        if seq >= 1 and row_hash(row, seq) == row.entry_hash:
            return seq
    return None


def verify_chain(
    rows: Sequence[AuditRow], stored_head: dict[str, Any] | None = None
) -> list[Problem]:
    """Every break in the chain, each naming its entry (empty: the chain holds).

    ``rows`` are the whole log in ``seq`` order; ``stored_head`` the database's
    head row (``seq``, ``entry_hash``).
    """
    problems: list[Problem] = []
    by_hash = {row.entry_hash: row.seq for row in rows}
    expected_seq, previous = 1, GENESIS
    explained = False  # the entry before was reported: its successor's link is no news
    for row in rows:
        reported = len(problems)
        if row.seq > expected_seq:
            missing = (
                f"entry {expected_seq}"
                if row.seq == expected_seq + 1
                else f"entries {expected_seq} to {row.seq - 1}"
            )
            problems.append(Problem(expected_seq, f"{missing} deleted: the log jumps to {row.seq}"))
        content_ok = row_hash(row) == row.entry_hash
        if not content_ok:
            moved = _recorded_as(row, by_hash)
            if moved is not None and moved != row.seq:
                problems.append(
                    Problem(
                        row.seq,
                        f"entry {row.seq} is out of order: it was recorded as entry {moved}",
                    )
                )
            else:
                problems.append(
                    Problem(
                        row.seq,
                        f"entry {row.seq} was edited: its content no longer matches its hash",
                    )
                )
        elif row.prev_hash != previous and row.seq == expected_seq and not explained:
            if row.prev_hash in by_hash:
                problems.append(
                    Problem(
                        row.seq,
                        f"entry {row.seq} is out of order: it was recorded after entry "
                        f"{by_hash[row.prev_hash]}, not after entry {row.seq - 1}",
                    )
                )
            else:
                problems.append(
                    Problem(
                        row.seq - 1 if row.seq > 1 else row.seq,
                        f"entry {row.seq - 1} was rewritten or deleted: entry {row.seq} was "
                        "recorded after an entry that is no longer there",
                    )
                )
        previous = row.entry_hash
        expected_seq = row.seq + 1
        explained = len(problems) > reported
    if stored_head is not None:
        last_seq = rows[-1].seq if rows else 0
        last_hash = rows[-1].entry_hash if rows else GENESIS
        if stored_head["seq"] != last_seq or stored_head["entry_hash"] != last_hash:
            problems.append(
                Problem(
                    last_seq,
                    f"the log's head row names entry {stored_head['seq']}, but the log ends at "
                    f"entry {last_seq}: entries were cut off the end or the head was altered",
                )
            )
    return problems


def check_head(rows: Sequence[AuditRow], exported: dict[str, Any]) -> list[Problem]:
    """Compare the log with a head exported earlier (``citynet audit head``)."""
    try:
        seq, expected = int(exported["seq"]), str(exported["entry_hash"])
    except (KeyError, TypeError, ValueError):
        return [Problem(None, "the exported head is not readable: expected {seq, entry_hash}")]
    if seq == 0:
        return []
    found = next((r for r in rows if r.seq == seq), None)
    last = rows[-1].seq if rows else 0
    if found is None:
        return [
            Problem(
                seq,
                f"entries were cut off the end: the log ends at entry {last}, but the exported "
                f"head names entry {seq}",
            )
        ]
    if found.entry_hash != expected:
        return [
            Problem(
                seq,
                f"entry {seq} differs from the exported head (hash {found.entry_hash[:12]}, "
                f"exported {expected[:12]}): the log up to it was rewritten",
            )
        ]
    return []
