"""Reports of ``citynet change plan|list|show`` and ``citynet audit log``.

Each command's ``--format`` chooses from a registry here (``PLAN_FORMATS``,
``CHANGE_LIST_FORMATS``, ``CHANGE_SHOW_FORMATS``, ``AUDIT_LOG_FORMATS``); every
writer takes the output stream and the JSON-ready data the command built. The
board's packet (``change report``) is :mod:`citynet.report.change_packet`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO, Any

from citynet.report.change_packet import secret_lines
from citynet.report.plain import write_json, write_table

Data = dict[str, Any]


def short(items: Sequence[str], limit: int = 4) -> str:
    """A few names, then how many more.

    >>> short(["FS01", "FS02", "LIB1"], 2)
    'FS01,FS02,+1'
    """
    return ",".join(items[:limit]) + (f",+{len(items) - limit}" if len(items) > limit else "")


def _md(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


# ------------------------------------------------------------------------------ plan
def plan_table(out: IO[str], data: Data) -> None:
    """What ``change plan`` made, for a person."""
    summary = data["summary"]
    out.write(
        f"change {data['change']} planned: {summary['devices']} device(s) at "
        f"{len(summary['sites'])} site(s), {summary['added']} line(s) added, "
        f"{summary['removed']} removed\n"
    )
    flags = ", ".join(summary["risks"]) or "none"
    out.write(f"  risk: {data['risk']} ({flags}); needs {data['needs']}\n")
    if data.get("emergency"):
        out.write(f"  EMERGENCY: {data['emergency']}\n")
    if data.get("allow_lockout"):
        out.write(f"  lockout risk allowed: {data['allow_lockout']}\n")
    for line in secret_lines(summary):
        out.write(f"  {line}\n")
    out.write(f"  plan hash {data['plan_hash']}, signed by {data['author']}\n")
    out.write(
        f"  for the board: citynet change report {data['change']} --format html "
        f"--output change-{data['change']}.html\n"
    )


PLAN_FORMATS: dict[str, Callable[[IO[str], Data], None]] = {
    "table": plan_table,
    "json": write_json,
}
"""``citynet change plan --format``: name -> writer of the plan made."""


# ------------------------------------------------------------------------------ list
def list_table(out: IO[str], rows: Sequence[Data]) -> None:
    """One line per change, newest first."""
    if not rows:
        out.write("no changes\n")
        return
    write_table(
        out,
        ["id", "status", "risk", "devices", "sites", "author", "created", "title"],
        [{**r, "sites": short(r["sites"]), "title": r["title"][:60]} for r in rows],
    )


def list_markdown(out: IO[str], rows: Sequence[Data]) -> None:
    out.write("| id | status | risk | devices | sites | author | title |\n")
    out.write("|---|---|---|---|---|---|---|\n")
    for row in rows:
        out.write(
            f"| {row['id']} | {row['status']} | {row['risk']} | {row['devices']} | "
            f"{', '.join(row['sites'])} | {_md(row['author'])} | {_md(row['title'])} |\n"
        )


def _list_json(out: IO[str], rows: Sequence[Data]) -> None:
    write_json(out, {"changes": list(rows)})


CHANGE_LIST_FORMATS: dict[str, Callable[[IO[str], Sequence[Data]], None]] = {
    "table": list_table,
    "json": _list_json,
    "markdown": list_markdown,
}
"""``citynet change list --format``: name -> writer of the changes' rows."""


# ------------------------------------------------------------------------------ show
def show_table(out: IO[str], data: Data) -> None:
    """One change, for a person: state and why, risk, who, what, approvals."""
    summary = data["summary"]
    out.write(f"change {data['change']}: {data['title']}\n")
    out.write(f"  status:   {data['state']}\n")
    for reason in data["reasons"]:
        out.write(f"            - {reason}\n")
    flags = ", ".join(summary.get("risks") or {}) or "none"
    out.write(f"  risk:     {data['risk_level']} ({flags})\n")
    out.write(f"  needs:    {data['quorum']}\n")
    out.write(
        f"  planned:  by {data['author']} at {data['created_at']}"
        + (f", ticket {data['ticket']}" if data["ticket"] else "")
        + f", from {data['source']}, mode {data['mode']}\n"
    )
    if data.get("emergency"):
        out.write(f"  EMERGENCY: {data['emergency']}\n")
    sites = list(summary.get("sites") or [])
    out.write(
        f"  scope:    {summary.get('devices', 0)} device(s) at {len(sites)} site(s) "
        f"({short(sites, 8)}); +{summary.get('added', 0)} -{summary.get('removed', 0)} lines\n"
    )
    out.write(f"  plan:     {data['plan_hash']}\n")
    out.write(f"  policy:   {data['policy_hash']} (in force)\n")
    if data["approvals"]:
        out.write("  approvals:\n")
        for approval in data["approvals"]:
            state = "counts" if approval["counts"] else f"void: {approval['void']}"
            out.write(
                f"    entry {approval['entry']}: {approval['actor']} at {approval['time']} "
                f"({state})\n"
            )


CHANGE_SHOW_FORMATS: dict[str, Callable[[IO[str], Data], None]] = {
    "table": show_table,
    "json": write_json,
}
"""``citynet change show --format``: name -> writer of one change and its status."""


# ------------------------------------------------------------------------------ audit log
def _detail(entry: Data) -> str:
    details = entry["details"]
    if entry["action"] == "refused":
        return f"{details.get('attempted')}: {details.get('reason')}"[:120]
    for key in ("comment", "title"):
        if details.get(key):
            return str(details[key])[:120]
    return ""


def audit_table(out: IO[str], entries: Sequence[Data]) -> None:
    """The audit log, oldest first, one line per entry."""
    if not entries:
        out.write("the audit log is empty\n")
        return
    write_table(
        out,
        ["seq", "time", "action", "change", "actor", "detail"],
        [{**e, "detail": _detail(e)} for e in entries],
    )


def _audit_json(out: IO[str], entries: Sequence[Data]) -> None:
    write_json(out, {"entries": list(entries)})


AUDIT_LOG_FORMATS: dict[str, Callable[[IO[str], Sequence[Data]], None]] = {
    "table": audit_table,
    "json": _audit_json,
}
"""``citynet audit log --format``: name -> writer of the log's entries."""
