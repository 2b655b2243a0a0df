"""Reports of ``citynet inventory validate|list|show``: a table for a person, JSON, CSV.

``INVENTORY_VALIDATE_FORMATS``, ``INVENTORY_LIST_FORMATS`` and
``INVENTORY_SHOW_FORMATS`` are the registries the three commands' ``--format``
choose from.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any

from citynet.report.plain import write_csv, write_json, write_table

if TYPE_CHECKING:
    from citynet.diagnostics import Diagnostic
    from citynet.inventory.model import HostView, Inventory
    from citynet.workspace import Settings

LIST_COLUMNS = ("name", "site", "role", "platform", "model", "address", "tags")


def inventory_summary(inventory: Any) -> dict[str, Any]:
    views = inventory.views.values()
    return {
        "sites": len(inventory.sites),
        "devices": len(inventory.views),
        "sites_by_kind": dict(Counter(str(s.kind) for s in inventory.sites.values())),
        "devices_by_role": dict(Counter(str(v.role) for v in views)),
        "devices_by_platform": dict(Counter(str(v.platform) for v in views)),
        "devices_by_model": dict(Counter(v.model for v in views)),
    }


def write_summary(out: IO[str], summary: dict[str, Any]) -> None:
    out.write(f"inventory valid: {summary['sites']} sites, {summary['devices']} devices\n")
    for title, key in (
        ("sites by kind", "sites_by_kind"),
        ("devices by role", "devices_by_role"),
        ("devices by platform", "devices_by_platform"),
        ("devices by model", "devices_by_model"),
    ):
        out.write(f"\n{title}:\n")
        counts: dict[str, int] = summary[key]
        width = max(len(k) for k in counts)
        for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            out.write(f"  {name.ljust(width)}  {count:4d}\n")


# inventory validate: every problem, and a summary of a valid inventory


def _errors(problems: Sequence[Diagnostic]) -> list[Diagnostic]:
    from citynet.diagnostics import Severity

    return [p for p in problems if p.severity is Severity.ERROR]


def _summary(problems: Sequence[Diagnostic], inventory: Inventory | None) -> dict[str, Any] | None:
    if inventory is None or _errors(problems):
        return None
    return inventory_summary(inventory)


def safety_summary(settings: Settings) -> dict[str, Any]:
    """The effective safety settings, shown by every ``inventory validate``."""
    return {
        "allowed_targets": [str(n) for n in settings.allowed_targets],
        "wide_targets_reason": settings.wide_targets_reason or None,
    }


def _write_safety(out: IO[str], safety: dict[str, Any]) -> None:
    out.write(f"\ndevices are contacted only inside: {', '.join(safety['allowed_targets'])}\n")
    if safety["wide_targets_reason"]:
        out.write(f"  wider than usual, because: {safety['wide_targets_reason']}\n")


def write_validation_table(
    out: IO[str],
    problems: Sequence[Diagnostic],
    inventory: Inventory | None,
    safety: dict[str, Any],
) -> None:
    errors = _errors(problems)
    summary = _summary(problems, inventory)
    for problem in problems:
        out.write(f"{problem}\n")
    if errors:
        out.write(
            f"\n{len(errors)} error(s) in the inventory; nothing else was checked past them.\n"
            if inventory is None
            else f"\n{len(errors)} error(s) in the inventory.\n"
        )
    elif summary is not None:
        write_summary(out, summary)
    _write_safety(out, safety)


def _validation_json(
    out: IO[str],
    problems: Sequence[Diagnostic],
    inventory: Inventory | None,
    safety: dict[str, Any],
) -> None:
    errors = _errors(problems)
    write_json(
        out,
        {
            "valid": not errors,
            "errors": len(errors),
            "warnings": len(problems) - len(errors),
            "problems": [p.as_dict() for p in problems],
            "summary": _summary(problems, inventory),
            "safety": safety,
        },
    )


INVENTORY_VALIDATE_FORMATS: dict[
    str, Callable[[IO[str], Sequence[Diagnostic], Inventory | None, dict[str, Any]], None]
] = {
    "table": write_validation_table,
    "json": _validation_json,
}
"""``citynet inventory validate --format``: name -> writer (the first is the default)."""


# inventory list: one row per device


def _list_table(out: IO[str], rows: Sequence[dict[str, Any]]) -> None:
    write_table(out, LIST_COLUMNS, rows)
    out.write(f"{len(rows)} device(s)\n")


def _list_json(out: IO[str], rows: Sequence[dict[str, Any]]) -> None:
    write_json(out, rows)


def _list_csv(out: IO[str], rows: Sequence[dict[str, Any]]) -> None:
    write_csv(out, LIST_COLUMNS, rows)


INVENTORY_LIST_FORMATS: dict[str, Callable[[IO[str], Sequence[dict[str, Any]]], None]] = {
    "table": _list_table,
    "json": _list_json,
    "csv": _list_csv,
}
"""``citynet inventory list --format``: name -> writer of ``HostView.summary()`` rows."""


# inventory show: one device's merged variables and where each came from


def _attributes(view: HostView) -> dict[str, Any]:
    return {"hostname": view.address, "platform": str(view.platform), "port": view.port}


def _show_table(out: IO[str], view: HostView) -> None:
    rows: list[dict[str, Any]] = [
        {"key": "hostname", "value": view.address, "source": f"host {view.name}"},
        *(
            {"key": key, "value": value, "source": str(view.sources.get(key, ""))}
            for key, value in _attributes(view).items()
            if key != "hostname"
        ),
        {"key": "groups", "value": " ".join(view.groups), "source": "host + site"},
        *(
            {"key": key, "value": _compact(value), "source": str(view.sources[key])}
            for key, value in view.data.items()
        ),
    ]
    out.write(f"{view.name}  ({view.role} at {view.site}, {view.model})\n\n")
    write_table(out, ("key", "value", "source"), rows)


def _show_json(out: IO[str], view: HostView) -> None:
    write_json(
        out,
        {
            "name": view.name,
            "groups": list(view.groups),
            **_attributes(view),
            "data": view.data,
            "sources": {
                key: {"layer": s.layer, "name": s.name, "file": s.file, "line": s.line}
                for key, s in view.sources.items()
            },
        },
    )


def _compact(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
    return text if len(text) <= 70 else text[:67] + "..."


INVENTORY_SHOW_FORMATS: dict[str, Callable[[IO[str], HostView], None]] = {
    "table": _show_table,
    "json": _show_json,
}
"""``citynet inventory show --format``: name -> writer (the first is the default)."""
