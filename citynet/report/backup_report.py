"""Reports of ``citynet backup`` and ``citynet backup history``: a table for a person, JSON.

``BACKUP_FORMATS`` and ``HISTORY_FORMATS`` are the registries of the two
commands' ``--format``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Protocol

from citynet.report.plain import write_json, write_table

if TYPE_CHECKING:
    from citynet.backup.store import Version


class Outcome(Protocol):
    """What the backup playbook says of one device."""

    @property
    def host(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def error(self) -> str: ...
    @property
    def version(self) -> Version | None: ...


BackupWriter = Callable[[IO[str], Sequence[Outcome], int], None]
"""Writes the outcomes of a backup of ``selected`` devices: ``(out, outcomes, selected)``."""


def write_backup_table(out: IO[str], outcomes: Sequence[Outcome], selected: int) -> None:
    rows = [
        {
            "host": o.host,
            "status": o.status,
            "version": o.version.label if o.version else "",
            "error": o.error,
        }
        for o in outcomes
    ]
    write_table(out, ("host", "status", "version", "error"), rows)
    failed = sum(1 for o in outcomes if o.status == "failed")
    out.write(f"{len(outcomes) - failed} of {selected} device(s) backed up, {failed} failed\n")


def _backup_json(out: IO[str], outcomes: Sequence[Outcome], selected: int) -> None:
    write_json(
        out,
        [
            {
                "host": o.host,
                "status": o.status,
                "error": o.error,
                "version": o.version.digest if o.version else None,
                "taken": o.version.taken.isoformat() if o.version else None,
            }
            for o in outcomes
        ],
    )


BACKUP_FORMATS: dict[str, BackupWriter] = {
    "table": write_backup_table,
    "json": _backup_json,
}
"""``citynet backup --format``: name -> writer (the first is the default)."""


def write_history_table(out: IO[str], versions: Sequence[Version], host: str) -> None:
    write_table(
        out,
        ("index", "taken", "digest"),
        [
            {"index": i, "taken": v.taken.strftime("%Y-%m-%d %H:%M:%SZ"), "digest": v.digest}
            for i, v in enumerate(versions, start=1)
        ],
    )
    out.write(f"{len(versions)} version(s) of {host}\n")


def _history_json(out: IO[str], versions: Sequence[Version], host: str) -> None:
    write_json(
        out,
        [
            {"index": i, "taken": v.taken.isoformat(), "digest": v.digest, "file": str(v.path)}
            for i, v in enumerate(versions, start=1)
        ],
    )


HISTORY_FORMATS: dict[str, Callable[[IO[str], Sequence[Version], str], None]] = {
    "table": write_history_table,
    "json": _history_json,
}
"""``citynet backup history --format``: name -> writer of ``(out, versions, host)``."""
