"""Device leases and push state in the change store, and the audit of every push step.

A lease is a row per device naming the run that holds it and until when, so it
holds across engineers' machines sharing one PostgreSQL: a second run on a device
whose lease is live is refused; a lease past its expiry belongs to a run that died
and is taken over. Push state rows (one per change and device) are written before
and after every send, so that a resumed run knows what a killed one did.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from citynet.changes import audit
from citynet.changes.approvals import parse_timestamp, timestamp
from citynet.changes.store import ChangeStore, LeaseRow, PushStateRow
from citynet.errors import PushError


class LeaseHeld(PushError):
    """Another live run holds the device."""


def _now() -> datetime:
    return datetime.now(UTC)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _dead(row: LeaseRow, now: datetime) -> bool:
    """Whether a lease's run is over: expired, or its process on this machine is gone."""
    if parse_timestamp(row.expires_at) <= now:
        return True
    return row.machine == socket.gethostname() and row.pid > 0 and not _alive(row.pid)


@dataclass
class RunRecorder:
    """Everything one run writes to the store: leases, push states, audit entries.

    Each write is its own short transaction (a device's state must be committed
    before the send it announces). Thread-safe: every call opens its own session.
    """

    store: ChangeStore
    change_id: int
    run_id: str
    holder: str
    action: str = "apply"
    lease_seconds: float = 900.0
    machine: str = field(default_factory=socket.gethostname)
    pid: int = field(default_factory=os.getpid)

    # -------------------------------------------------------------- leases
    def take_lease(self, host: str) -> None:
        """Take (or renew) the lease of a device for this run.

        Raises:
            LeaseHeld: another run holds a lease that has not expired.
        """
        now = _now()
        with self.store.write() as session:
            row = session.get(LeaseRow, host)
            if row is not None and row.run_id != self.run_id and not _dead(row, now):
                raise LeaseHeld(
                    f"{host}: another push holds this device (run {row.run_id} of change "
                    f"{row.change_id}, by {row.holder}, until {row.expires_at}); wait for it "
                    "to finish, or for its lease to expire if that run died"
                )
            expires = timestamp(now + timedelta(seconds=self.lease_seconds))
            if row is None:
                session.add(
                    LeaseRow(
                        host=host,
                        change_id=self.change_id,
                        run_id=self.run_id,
                        holder=self.holder,
                        machine=self.machine,
                        pid=self.pid,
                        acquired_at=timestamp(now),
                        expires_at=expires,
                    )
                )
            else:
                row.change_id, row.run_id, row.holder = self.change_id, self.run_id, self.holder
                row.machine, row.pid = self.machine, self.pid
                row.acquired_at, row.expires_at = timestamp(now), expires

    def release_lease(self, host: str) -> None:
        """Give the device's lease back (only this run's)."""
        with self.store.write() as session:
            row = session.get(LeaseRow, host)
            if row is not None and row.run_id == self.run_id:
                session.delete(row)

    # -------------------------------------------------------------- state
    def state(self, host: str) -> str | None:
        """The device's recorded push state for this change (None: never touched)."""
        with self.store.read() as session:
            row = session.get(PushStateRow, (self.change_id, host))
            return None if row is None else row.state

    def record(self, host: str, state: str, step: str, detail: str = "", **extra: object) -> None:
        """Write the device's state and an audit entry for the step, in one transaction."""
        now = timestamp(_now())
        with self.store.write() as session:
            row = session.get(PushStateRow, (self.change_id, host))
            if row is None:
                session.add(
                    PushStateRow(
                        change_id=self.change_id,
                        host=host,
                        state=state,
                        run_id=self.run_id,
                        detail=detail,
                        updated_at=now,
                    )
                )
            else:
                row.state, row.run_id, row.detail, row.updated_at = state, self.run_id, detail, now
            audit.append(
                session,
                recorded_at=now,
                action="push" if self.action == "apply" else "rollback-step",
                change_id=self.change_id,
                actor=self.holder,
                details={
                    "run": self.run_id,
                    "host": host,
                    "step": step,
                    "state": state,
                    "detail": detail,
                    **extra,
                },
            )

    def note(self, step: str, **details: object) -> None:
        """An audit entry about the run as a whole (start, halt, outcome)."""
        with self.store.write() as session:
            audit.append(
                session,
                recorded_at=timestamp(_now()),
                action="push" if self.action == "apply" else "rollback-step",
                change_id=self.change_id,
                actor=self.holder,
                details={"run": self.run_id, "step": step, **details},
            )


def push_states(store: ChangeStore, change_id: int) -> dict[str, tuple[str, str]]:
    """Every device's push state for a change: host -> (state, detail)."""
    with store.read() as session:
        rows = session.scalars(select(PushStateRow).where(PushStateRow.change_id == change_id))
        return {r.host: (r.state, r.detail) for r in rows}
