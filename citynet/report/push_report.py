"""The outcome of ``change apply`` and ``change rollback``: every device's named state."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from citynet.report.plain import write_json, write_table

Data = dict[str, Any]


def push_table(out: IO[str], data: Data) -> None:
    """One row per device, then the verdict."""
    write_table(out, ("host", "state", "detail"), data["devices"])
    what = "dry run" if data["dry_run"] else data["action"]
    verdict = "done" if data["ok"] else "NOT done"
    out.write(f"change {data['change']} {what} (run {data['run'][:12]}): {verdict}\n")
    if data["halted"]:
        out.write(f"halted: {data['halted']}\n")
    if data.get("after"):
        out.write(f"{data['after']['summary']}\n")


def push_json(out: IO[str], data: Data) -> None:
    write_json(out, data)


PUSH_FORMATS: dict[str, Callable[[IO[str], Data], None]] = {"table": push_table, "json": push_json}
