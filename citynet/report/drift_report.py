"""Drift reports: a table for a person, JSON, JUnit for CI, Markdown, and a self-contained HTML
page for the change board (per site and device, collapsible diffs, a feature heat map).

``DRIFT_FORMATS`` is the registry ``citynet drift --format`` chooses from. The
module imports the diff engine only when a report is written, so that building
the command line (``citynet --help``) stays cheap.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING, Any, Protocol

from citynet.report import baseline as baseline_report
from citynet.report.junit import Case, Suite, to_xml
from citynet.report.plain import write_json

if TYPE_CHECKING:
    from citynet.diff.assess import DeviceDrift, DriftStatus


def status_order() -> tuple[DriftStatus, ...]:
    """Worst first: the order of the counts and of the HTML heat map."""
    from citynet.diff.assess import DriftStatus

    return (
        DriftStatus.DRIFTED,
        DriftStatus.UNREACHABLE,
        DriftStatus.NO_GOLDEN,
        DriftStatus.NO_BACKUP,
        DriftStatus.GOLDEN_REFUSED,
        DriftStatus.COMPLIANT,
    )


LOCKOUT = "LOCKOUT RISK"
"""How every format names a remediation that may cut off management access."""

VOICE_STATE = "voice state"
"""How every format names what is wrong in a voice gateway's live voice state."""


def voice_lines(d: DeviceDrift) -> list[str]:
    """One line per problem in a device's live voice state (none when it is healthy)."""
    return [str(p["message"]) for p in d.voice_state]


def lockout_lines(d: DeviceDrift) -> list[str]:
    """One line per lockout risk of a device's remediation (none when there is none)."""
    if d.result is None:
        return []
    return [f"{LOCKOUT}: {risk}" for risk in d.result.lockout]


def counts(drifts: Sequence[DeviceDrift]) -> dict[str, int]:
    found = Counter(str(d.status) for d in drifts)
    return {str(s): found.get(str(s), 0) for s in status_order()}


def drift_dict(drifts: Sequence[DeviceDrift]) -> dict[str, Any]:
    from citynet.diff.assess import DriftStatus

    return {
        "summary": {"devices": len(drifts), **counts(drifts)},
        "drifted": [d.host for d in drifts if d.status is DriftStatus.DRIFTED],
        "lockout_risk": [d.host for d in drifts if lockout_lines(d)],
        "baseline_failed": [d.host for d in drifts if d.baseline_failed],
        "unsaved": [d.host for d in drifts if d.unsaved],
        "voice_state": [d.host for d in drifts if d.voice_state],
        "devices": [d.as_dict() for d in drifts],
    }


def baselines(drifts: Sequence[DeviceDrift]) -> list[Any]:
    """The security baseline of each device whose running config was read."""
    return [d.baseline for d in drifts if d.baseline is not None]


def drift_suite(drifts: Sequence[DeviceDrift]) -> Suite:
    """One case per device: a failure when it drifted, its running config fails the
    security baseline without a waiver or its live voice state has problems, an error when
    it could not be compared."""
    from citynet.diff.assess import DriftStatus

    cases = []
    for d in drifts:
        baseline = _baseline_lines(d)
        failed = f"baseline: {', '.join(d.baseline_failed)}" if d.baseline_failed else ""
        voice = [f"{VOICE_STATE}: {line}" for line in voice_lines(d)]
        if voice:
            failed += ("; " if failed else "") + f"{VOICE_STATE}: {len(voice)} problem(s)"
        if d.status is DriftStatus.DRIFTED:
            cases.append(
                Case(
                    d.host,
                    f"drift.{d.site}",
                    failure=f"drifted: {', '.join(d.drifted_features)}"
                    + (f" ({LOCKOUT})" if lockout_lines(d) else "")
                    + (f" ({failed})" if failed else ""),
                    details="\n".join([*lockout_lines(d), _remediation(d), *baseline, *voice]),
                )
            )
        elif d.status is DriftStatus.COMPLIANT:
            cases.append(
                Case(
                    d.host,
                    f"drift.{d.site}",
                    failure=failed or None,
                    details="\n".join([*baseline, *voice]),
                )
            )
        else:
            cases.append(Case(d.host, f"drift.{d.site}", error=f"{d.status}: {d.error}"))
    return Suite("drift", cases)


def _baseline_lines(d: DeviceDrift) -> list[str]:
    if d.baseline is None:
        return []
    return [f"baseline FAIL {baseline_report.failure_line(r)}" for r in d.baseline.failed]


def _remediation(d: DeviceDrift) -> str:
    return "\n".join(d.result.remediation) if d.result else ""


def write_table(out: IO[str], drifts: Sequence[DeviceDrift], *, details: bool) -> None:
    from citynet.diff.assess import DriftStatus

    for d in drifts:
        if details and d.status is DriftStatus.DRIFTED and d.result is not None:
            out.write(f"--- {d.host} ({d.site}): {', '.join(d.drifted_features)}\n")
            out.write("".join(f"{line}\n" for line in lockout_lines(d)))
            out.write("remediation:\n")
            out.write("".join(f"  {line}\n" for line in d.result.remediation))
            out.write("rollback:\n")
            out.write("".join(f"  {line}\n" for line in d.result.rollback))
    checked = baselines(drifts)
    if checked:
        out.write("\n")
        baseline_report.write_table(out, checked, "running configs")
    dial_plan = [p for d in drifts for p in d.dial_plan]
    if dial_plan:
        out.write("\ndial plan (running configs):\n")
        out.write("".join(f"  {p}\n" for p in dial_plan))
    shown = [d for d in drifts if d.status is not DriftStatus.COMPLIANT]
    if shown:
        width = max(len(d.host) for d in shown)
        out.write(f"\n{'DEVICE'.ljust(width)}  {'SITE':<6} {'STATUS':<16} DETAIL\n")
        for d in shown:
            detail = ", ".join(d.drifted_features) if d.status is DriftStatus.DRIFTED else d.error
            if lockout_lines(d):
                detail += f" ({LOCKOUT})"
            out.write(f"{d.host.ljust(width)}  {d.site:<6} {d.status!s:<16} {detail}\n")
    unsaved = [d for d in drifts if d.unsaved]
    if unsaved:
        out.write("\nunsaved changes (lost on reload; 'write memory' or find out why):\n")
        out.write("".join(f"  {d.host}: {d.unsaved}\n" for d in unsaved))
    voice = [(d.host, line) for d in drifts for line in voice_lines(d)]
    if voice:
        out.write(f"\n{VOICE_STATE} (live, voice gateways):\n")
        out.write("".join(f"  {host}: {line}\n" for host, line in voice))
    summary = counts(drifts)
    out.write(
        f"\n{len(drifts)} device(s): "
        + ", ".join(f"{n} {name}" for name, n in summary.items() if n)
        + "\n"
    )


def write_markdown(out: IO[str], drifts: Sequence[DeviceDrift]) -> None:
    from citynet.diff.assess import DriftStatus

    summary = counts(drifts)
    out.write("## Drift from golden configs\n\n| status | devices |\n|---|---|\n")
    for name, n in summary.items():
        out.write(f"| {name} | {n} |\n")
    out.write("\n")
    checked = baselines(drifts)
    if checked:
        baseline_report.write_markdown(out, checked, "running configs")
    unsaved = [d for d in drifts if d.unsaved]
    if unsaved:
        out.write("### Unsaved changes (lost on reload)\n\n")
        out.write("".join(f"- `{d.host}`: {d.unsaved}\n" for d in unsaved) + "\n")
    voice = [(d.host, line) for d in drifts for line in voice_lines(d)]
    if voice:
        out.write("### Voice state (live, voice gateways)\n\n")
        out.write("".join(f"- `{host}`: {line}\n" for host, line in voice) + "\n")
    for d in drifts:
        if d.status is DriftStatus.COMPLIANT:
            continue
        if d.status is not DriftStatus.DRIFTED or d.result is None:
            out.write(f"- `{d.host}` ({d.site}): {d.status} {d.error}\n")
            continue
        out.write(
            f"<details><summary><code>{d.host}</code> ({d.site}): "
            f"{', '.join(d.drifted_features)}</summary>\n\n"
            + "".join(f"**{line}**\n\n" for line in lockout_lines(d))
            + "Remediation:\n\n```\n"
            + "\n".join(d.result.remediation)
            + "\n```\n\nRollback:\n\n```\n"
            + "\n".join(d.result.rollback)
            + "\n```\n\n</details>\n\n"
        )


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1b1f24}
h1{margin:0 0 .3rem}.meta{color:#57606a;margin-bottom:1.5rem}
.cards{display:flex;gap:1rem;margin:1rem 0 2rem}.card{padding:.8rem 1.2rem;border-radius:8px;
background:#f6f8fa;min-width:7rem}.card b{display:block;font-size:1.8rem}
table{border-collapse:collapse;margin-bottom:2rem}
th,td{border:1px solid #d0d7de;padding:.25rem .5rem;font-size:.85rem}
th{background:#f6f8fa;position:sticky;top:0}
td.compliant{background:#dafbe1}td.missing,td.extra,td.missing\\+extra{background:#ffd8d3}
td.wrong-order{background:#fff1c2}td.na{background:#eaeef2;color:#8c959f}
.status-drifted{color:#cf222e;font-weight:600}.status-compliant{color:#1a7f37}
.status-unreachable,.status-no,.status-golden{color:#9a6700;font-weight:600}
.lockout{color:#cf222e;border-left:4px solid #cf222e;padding-left:.5rem;margin:.3rem 0}
details{margin:.3rem 0 .8rem 1rem}summary{cursor:pointer}
pre{background:#f6f8fa;padding:.6rem;overflow:auto;font-size:.8rem;margin:.3rem 0}
td:first-child{white-space:nowrap}
h2{border-bottom:1px solid #d0d7de;padding-bottom:.3rem;margin-top:2rem}
"""


def write_html(
    out: IO[str],
    drifts: Sequence[DeviceDrift],
    *,
    title: str = "Network drift",
    generated: datetime | None = None,
) -> None:
    """A self-contained page: no script, no external resource."""
    from citynet.diff.assess import DriftStatus

    when = (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    summary = counts(drifts)
    features: list[str] = []
    for d in drifts:
        for f in d.features:
            if f["name"] not in features:
                features.append(f["name"])
    e = html.escape
    parts = [
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{e(title)}"
        f"</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1><div class='meta'>{len(drifts)} devices, generated {when}"
        "</div><div class='cards'>",
    ]
    for name, n in summary.items():
        parts.append(
            f"<div class='card' id='count-{e(name.replace(' ', '-'))}'><b>{n}</b>{e(name)}</div>"
        )
    checked = baselines(drifts)
    if checked:
        parts.append(
            f"<div class='card' id='count-baseline'><b>{sum(1 for d in checked if d.failed)}"
            "</b>fail the security baseline</div>"
        )
    voice_bad = [d for d in drifts if d.voice_state]
    if voice_bad:
        parts.append(
            f"<div class='card' id='count-voice-state'><b>{len(voice_bad)}</b>"
            f"{e(VOICE_STATE)} problems</div>"
        )
    parts.append(
        "</div><h2>Feature heat map</h2><table id='heatmap'><thead><tr><th>device</th>"
        "<th>site</th><th>status</th>" + ("<th>baseline</th>" if checked else "")
    )
    parts += [f"<th>{e(f)}</th>" for f in features]
    parts.append("</tr></thead><tbody>")
    order = status_order()
    for d in sorted(drifts, key=lambda d: (order.index(d.status), d.site, d.host)):
        by_name = {f["name"]: f["status"] for f in d.features}
        parts.append(
            f"<tr data-host='{e(d.host)}' data-status='{e(str(d.status))}'>"
            f"<td>{e(d.host)}</td><td>{e(d.site)}</td>"
            f"<td class='status-{e(str(d.status).split()[0])}'>{e(str(d.status))}</td>"
        )
        if checked:
            parts.append(_baseline_cell(d))
        for feature in features:
            status = by_name.get(feature)
            parts.append(
                f"<td class='{e(status) if status else 'na'}' title='{e(feature)}'>"
                f"{e(status or '-')}</td>"
            )
        parts.append("</tr>")
    parts.append("</tbody></table><h2>Devices by site</h2>")
    sites: dict[str, list[DeviceDrift]] = {}
    for d in drifts:
        sites.setdefault(d.site, []).append(d)
    for site, members in sorted(sites.items()):
        bad = [
            d
            for d in members
            if d.status is not DriftStatus.COMPLIANT or d.baseline_failed or d.voice_state
        ]
        parts.append(
            f"<section class='site' id='site-{e(site)}'><h3>{e(site)}: "
            f"{len(members) - len(bad)} of {len(members)} compliant</h3>"
        )
        for d in bad:
            parts.append(
                f"<details class='device' id='device-{e(d.host)}'><summary>"
                f"<span class='status-{e(str(d.status).split()[0])}'>{e(d.host)}</span>"
                f" — {e(str(d.status))}"
                + (
                    f": {e(', '.join(d.drifted_features))}"
                    if d.drifted_features
                    else f": {e(d.error)}"
                )
                + "</summary>"
            )
            parts.extend(
                f"<div class='lockout'><b>{e(line)}</b></div>" for line in lockout_lines(d)
            )
            if d.baseline is not None and d.baseline.failed:
                parts.append(
                    "<div>Security baseline</div><ul class='baseline'>"
                    + "".join(
                        f"<li>{e(baseline_report.failure_line(r))}</li>" for r in d.baseline.failed
                    )
                    + "</ul>"
                )
            if d.voice_state:
                parts.append(
                    f"<div>{e(VOICE_STATE.capitalize())} (live)</div><ul class='voice-state'>"
                    + "".join(f"<li>{e(line)}</li>" for line in voice_lines(d))
                    + "</ul>"
                )
            if d.result is not None:
                for f in d.features:
                    if f["status"] == "compliant":
                        continue
                    parts.append(f"<div><b>{e(f['name'])}</b> ({e(f['status'])})</div>")
                parts.append(
                    "<div>Remediation</div><pre class='remediation'>"
                    + e("\n".join(d.result.remediation))
                    + "</pre>"
                )
                parts.append(
                    "<div>Rollback</div><pre class='rollback'>"
                    + e("\n".join(d.result.rollback))
                    + "</pre>"
                )
            parts.append("</details>")
        parts.append("</section>")
    parts.append("</body></html>\n")
    out.write("".join(parts))


def _baseline_cell(d: DeviceDrift) -> str:
    if d.baseline is None:
        return "<td class='na'>-</td>"
    failed = d.baseline_failed
    if failed:
        rules = html.escape(", ".join(failed))
        return f"<td class='missing' title='{rules}'>{len(failed)} fail</td>"
    waived = len(d.baseline.waived)
    return f"<td class='compliant'>pass{f' ({waived} waived)' if waived else ''}</td>"


class DriftWriter(Protocol):
    """Writes one drift report; ``details`` (each drifted device's commands) is for the table."""

    def __call__(self, out: IO[str], drifts: Sequence[DeviceDrift], *, details: bool) -> None: ...


def _json(out: IO[str], drifts: Sequence[DeviceDrift], *, details: bool) -> None:
    write_json(out, drift_dict(drifts))


def _junit(out: IO[str], drifts: Sequence[DeviceDrift], *, details: bool) -> None:
    out.write(to_xml([drift_suite(drifts)], name="citynet drift") + "\n")


def _markdown(out: IO[str], drifts: Sequence[DeviceDrift], *, details: bool) -> None:
    write_markdown(out, drifts)


def _html(out: IO[str], drifts: Sequence[DeviceDrift], *, details: bool) -> None:
    write_html(out, drifts, title="City network drift")


DRIFT_FORMATS: dict[str, DriftWriter] = {
    "table": write_table,
    "json": _json,
    "junit": _junit,
    "markdown": _markdown,
    "html": _html,
}
"""``citynet drift --format``: name -> writer (the first is the default)."""
