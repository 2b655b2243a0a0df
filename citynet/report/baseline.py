"""The security baseline in every report: shared by ``validate`` (rendered configs) and the
drift reports (running configs).

A device fails the baseline when a rule fails there without a waiver; waived
failures are shown with their reason but fail nothing. Imports nothing of the
compliance engine at run time, so building the command line stays cheap.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

from citynet.report.junit import Case, Suite

if TYPE_CHECKING:
    from citynet.compliance.engine import DeviceBaseline, RuleResult
    from citynet.diagnostics import Diagnostic

TITLE = "Security baseline"
MAX_LISTED = 50
"""Devices listed one by one in a table or Markdown report (JSON and JUnit list all)."""


def failure_line(result: RuleResult) -> str:
    """``CN-MGMT-01 HTTP and HTTPS servers disabled: missing: no ip http server``."""
    details = "; ".join(result.details)
    return f"{result.rule} {result.title}" + (f": {details}" if details else "")


def waived_line(result: RuleResult) -> str:
    return f"{result.rule} {result.title} (waived: {result.reason})"


def device_suite(
    devices: Sequence[DeviceBaseline],
    problems: Sequence[Diagnostic] = (),
    *,
    classname: str = "baseline",
) -> Suite:
    """One case per device (a failure when a rule fails unwaived), one per waivers error."""
    cases = [
        Case(p.location, f"{classname}.waivers", error=p.message, details=str(p))
        for p in problems
        if p.severity == "error"
    ]
    for device in devices:
        failed = device.failed
        details = "\n".join(
            [*(failure_line(r) for r in failed), *(waived_line(r) for r in device.waived)]
        )
        cases.append(
            Case(
                device.host,
                classname,
                failure=(
                    f"{len(failed)} baseline rule(s) fail: {', '.join(r.rule for r in failed)}"
                    if failed
                    else None
                ),
                details=details,
            )
        )
    return Suite("baseline", cases)


def write_table(out: IO[str], devices: Sequence[DeviceBaseline], what: str) -> None:
    """Failing devices (up to ``MAX_LISTED``) with their rules, and one summary line."""
    failing = [d for d in devices if d.failed]
    for device in failing[:MAX_LISTED]:
        out.write(f"baseline {device.host}:\n")
        out.writelines(f"  FAIL {failure_line(r)}\n" for r in device.failed)
    if len(failing) > MAX_LISTED:
        out.write(f"... and {len(failing) - MAX_LISTED} more device(s): see --format json\n")
    out.write(f"{TITLE} ({what}): {summary(devices)}\n")


def summary(devices: Sequence[DeviceBaseline]) -> str:
    failures = sum(len(d.failed) for d in devices)
    failing = sum(1 for d in devices if d.failed)
    waived = sum(len(d.waived) for d in devices)
    return (
        f"{len(devices)} device(s) checked, {failures} failure(s) on {failing} device(s), "
        f"{waived} waived"
    )


def write_markdown(out: IO[str], devices: Sequence[DeviceBaseline], what: str) -> None:
    """A section: the summary, failing devices' rules, waived rules counted by rule."""
    out.write(f"### {TITLE} ({what})\n\n{summary(devices)}.\n\n")
    failing = [d for d in devices if d.failed]
    if failing:
        out.write("| device | failing rules |\n|---|---|\n")
        for device in failing[:MAX_LISTED]:
            rules = "<br>".join(
                html.escape(failure_line(r)).replace("|", "\\|") for r in device.failed
            )
            out.write(f"| `{device.host}` | {rules} |\n")
        if len(failing) > MAX_LISTED:
            out.write(f"\n{len(failing) - MAX_LISTED} more device(s): see `--format json`.\n")
        out.write("\n")
    waived: dict[str, tuple[str, int]] = {}
    for device in devices:
        for r in device.waived:
            title, count = waived.get(r.rule, (f"{r.title} ({r.reason})", 0))
            waived[r.rule] = (title, count + 1)
    if waived:
        out.write("<details><summary>Waived rules</summary>\n\n| rule | devices |\n|---|---|\n")
        for rule, (title, count) in sorted(waived.items()):
            out.write(f"| {rule} {html.escape(title)} | {count} |\n")
        out.write("\n</details>\n\n")
