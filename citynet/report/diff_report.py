"""Reports of ``citynet diff RUNNING GOLDEN``: a table for a person, JSON.

``DIFF_FORMATS`` is the registry of ``citynet diff --format``. The module
imports nothing of the diff engine, so building the command line stays cheap.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any, Protocol

from citynet.report.plain import write_json

if TYPE_CHECKING:
    from citynet.diff.engine import DiffResult

_MARK = {"missing": "+", "extra": "-", "order": "~"}


class DiffWriter(Protocol):
    """Writes the comparison of the ``running`` file with the ``golden`` one."""

    def __call__(
        self, out: IO[str], result: DiffResult, *, running: str, golden: str, platform: str
    ) -> None: ...


def write_diff_table(
    out: IO[str], result: DiffResult, *, running: str, golden: str, platform: str
) -> None:
    """The report for a person: features, drift, remediation, rollback."""
    owned = (
        f"{len(result.device_owned)} device-owned line(s) left alone (never drift, never "
        "removed; --format json lists them)\n"
        if result.device_owned
        else ""
    )
    if result.compliant:
        out.write(f"{running} matches {golden}: compliant\n{owned}")
        return
    failing = [f for f in result.features if not f.compliant]
    out.write(
        f"{running} differs from {golden}: {len(result.changes)} line(s) in "
        f"{len(failing)} feature(s)\n\n"
    )
    if result.refused is not None:
        out.write(f"REFUSED AS A TARGET: {result.refused}\n\n")
    for risk in result.lockout:
        out.write(f"LOCKOUT RISK: {risk}\n")
    if result.lockout:
        out.write("\n")
    width = max(len(f.name) for f in result.features)
    out.write(f"{'FEATURE'.ljust(width)}  STATUS\n")
    for feature in result.features:
        if feature.lines or feature.name == "uncovered":
            out.write(f"{feature.name.ljust(width)}  {feature.status}\n")
    out.write("\nDrift (+ missing from running, - extra in running, ~ wrong order):\n")
    for change in result.changes:
        where = " > ".join(change.path)
        prefix = f"{where} > " if where else ""
        out.write(f"  {_MARK[change.kind]} {prefix}{change.line}\n")
    out.write("\nRemediation:\n")
    out.writelines(f"  {line}\n" for line in result.remediation)
    out.write("\nRollback:\n")
    out.writelines(f"  {line}\n" for line in result.rollback)
    if result.uncovered:
        out.write(f"\nNot covered by any feature: {len(result.uncovered)} top-level line(s)\n")
    if owned:
        out.write(f"\n{owned}")
    if result.needs_secrets:
        out.write(
            "\nSome commands carry secrets: <secret:NAME> is filled in at push time from the "
            "value given for NAME; a bare <redacted> is a value citynet does not know.\n"
        )


def _diff_json(
    out: IO[str], result: DiffResult, *, running: str, golden: str, platform: str
) -> None:
    document: dict[str, Any] = {
        "running": running,
        "golden": golden,
        "platform": platform,
        **result.to_dict(),
    }
    write_json(out, document)


DIFF_FORMATS: dict[str, DiffWriter] = {
    "table": write_diff_table,
    "json": _diff_json,
}
"""``citynet diff --format``: name -> writer (the first is the default)."""
