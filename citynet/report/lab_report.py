"""Report of ``citynet lab status``: a line per faulty device for a person, or JSON.

``LAB_STATUS_FORMATS`` is the registry of ``citynet lab status --format``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from citynet.report.plain import write_json


def write_status_table(out: IO[str], status: dict[str, Any] | None) -> None:
    if status is None:
        out.write("no lab is running; start one with 'citynet lab up'\n")
        return
    out.write(f"lab running (pid {status['pid']}): {len(status['devices'])} device(s)\n")
    for name, faults in sorted(status.get("faults", {}).items()):
        out.write(f"  {name}: {', '.join(f'{k}={v}' for k, v in faults.items())}\n")


def _status_json(out: IO[str], status: dict[str, Any] | None) -> None:
    write_json(out, status or {"running": False})


LAB_STATUS_FORMATS: dict[str, Callable[[IO[str], dict[str, Any] | None], None]] = {
    "table": write_status_table,
    "json": _status_json,
}
"""``citynet lab status --format``: name -> writer of the lab's status (None: not running)."""
