"""The change board's packet for one plan: text, Markdown, JSON and a self-contained HTML page.

Risk and summary come first (what, where, when, who asked, ticket, rollback plan),
then the approvals (what the policy needs, who approved, the history), then per
site and device the side-by-side diff, every command and its rollback. Devices
that are compliant are counts, never rows. Devices that get exactly the same
change share one "change set", shown once, so a 1,000-device rollout stays
readable; sites are collapsed when a plan is large.

The HTML page has no script and loads nothing from anywhere (styles inline),
and prints to PDF: print styles open every site, avoid breaking a device across
pages and wrap long lines.

:func:`packet` builds the one JSON-ready document the three writers of
``PACKET_FORMATS`` (``citynet change report --format``) read.

Secrets appear as their named markers (``<secret:tacacs_key>``) only: the packet
says which secrets each device's commands need, which the plan rotates and how
a rollback gets them (:data:`SECRET_NOTE`), never a value.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from itertools import zip_longest
from typing import IO, TYPE_CHECKING, Any

from citynet.report.plain import write_json
from citynet.voice import packet as voice_packet

if TYPE_CHECKING:
    from citynet.changes.approvals import Status
    from citynet.changes.policy import Policy

SECRET_NOTE = (
    "Secrets are named markers (<secret:NAME>); the push fills each in from the value it "
    "is given for NAME. Rollback lines carry the same markers: a rollback re-sends the "
    "value given at rollback time, so after a rotation give it the previous value first. "
    "citynet never holds a device's previous secret values: a rollback line with a bare "
    "<redacted> restores a secret the golden config does not name, and needs that value "
    "by hand (or a rollback by replace)."
)
"""How the plan's secrets are filled in and rolled back, for the board."""
OPEN_SITES_UP_TO = 40
"""Sites are open in the page when the plan has at most this many devices."""
_LOCAL = "%a %Y-%m-%d %H:%M %Z"


def status_dict(change_id: int, status: Status, policy: Policy) -> dict[str, Any]:
    """The status part of a packet (also ``change show --format json``)."""
    zone = policy.zone
    return {
        "change": change_id,
        "state": status.state,
        "approvable": status.approvable,
        "approved": status.approved,
        "reasons": list(status.reasons),
        "risk_level": status.quorum.level,
        "quorum": status.quorum.describe(),
        "needs": list(status.needs),
        "approvals": [
            {
                "entry": a.seq,
                "actor": a.actor,
                "time": a.time.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "counts": a.void is None,
                "void": a.void,
            }
            for a in status.approvals
        ],
        "approval_expires": status.expires.strftime("%Y-%m-%dT%H:%M:%SZ")
        if status.expires
        else None,
        "in_window": status.in_window,
        "frozen": status.frozen,
        "next_window": status.next_window.astimezone(zone).strftime(_LOCAL)
        if status.next_window
        else None,
        "emergency_review": status.review,
        "policy_hash": policy.hash,
    }


def _change_set_key(device: Mapping[str, Any]) -> str:
    material = json.dumps(
        [
            device.get("commands"),
            device.get("rollback"),
            device.get("changes"),
            device.get("candidate_sha256"),
            device.get("rollback_method"),
        ],
        sort_keys=True,
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:16]


def _windows(policy: Policy, kinds: Iterable[str]) -> list[dict[str, str]]:
    calendar = policy.calendar
    return [
        {"site_kind": kind, "windows": "; ".join(str(w) for w in calendar.windows_for(kind))}
        for kind in sorted(set(kinds))
    ]


def packet(
    change_id: int,
    plan_hash: str,
    document: Mapping[str, Any],
    status: Status,
    policy: Policy,
    history: Sequence[Mapping[str, Any]],
    *,
    generated: datetime,
) -> dict[str, Any]:
    """Everything the board sees, JSON-ready."""
    from citynet.changes.risk import FLAGS

    devices = list(document.get("devices") or [])
    sets: dict[str, list[str]] = {}
    for device in devices:
        sets.setdefault(_change_set_key(device), []).append(device["host"])
    labels = {key: _label(index) for index, key in enumerate(sets)}
    sites: dict[str, dict[str, Any]] = {}
    for device in devices:
        site = sites.setdefault(
            device["site"],
            {
                "site": device["site"],
                "kind": device.get("site_kind", ""),
                "devices": [],
                "features": [],
                "added": 0,
                "removed": 0,
                "risks": [],
            },
        )
        key = _change_set_key(device)
        site["devices"].append({**device, "change_set": labels[key], "shared": len(sets[key]) > 1})
        site["added"] += device.get("added", 0)
        site["removed"] += device.get("removed", 0)
        for name in device.get("features", []):
            if name not in site["features"]:
                site["features"].append(name)
        for flag in device.get("risks", []):
            if flag not in site["risks"]:
                site["risks"].append(flag)
    compliant = dict((document.get("untouched") or {}).get("compliant") or {})
    for name, site in sites.items():
        site["compliant"] = compliant.pop(name, 0)
    summary = dict(document.get("summary") or {})
    risks = summary.get("risks") or {}
    return {
        "change": change_id,
        "plan_hash": plan_hash,
        "generated": generated.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "title": document.get("title", ""),
        "ticket": document.get("ticket", ""),
        "author": (document.get("author") or {}).get("name", ""),
        "author_key": (document.get("author") or {}).get("key", ""),
        "created_at": document.get("created_at", ""),
        "predecessor": document.get("predecessor"),
        "source": document.get("source") or {},
        "mode": document.get("mode", "merge"),
        "emergency": document.get("emergency"),
        "allow_lockout": document.get("allow_lockout"),
        "policy_hash_at_planning": document.get("policy_hash"),
        "status": status_dict(change_id, status, policy),
        "summary": summary,
        "risk": {
            "level": status.quorum.level,
            "flags": [
                {
                    "flag": flag,
                    "meaning": FLAGS.get(flag, flag),
                    "level": policy.data.risk_levels.get(flag, "low"),
                    "devices": len(hosts),
                    "hosts": list(hosts),
                }
                for flag, hosts in risks.items()
            ],
        },
        "secrets": {
            "needed": dict(summary.get("secrets") or {}),
            "rotate": list(document.get("rotate") or []),
            "rotation": dict(summary.get("rotation") or {}),
            "rollback_unknown": summary.get("rollback_unknown") or 0,
            "lines": secret_lines(summary),
            "note": SECRET_NOTE,
        },
        "windows": _windows(policy, (s["kind"] for s in sites.values())),
        "rollback_plan": _rollback_plan(document, devices),
        "sites": [sites[name] for name in sorted(sites)],
        "untouched": {
            "devices": sum(compliant.values()) + sum(s["compliant"] for s in sites.values()),
            "sites": len(compliant),
            "site_devices": sum(compliant.values()),
        },
        "change_sets": [
            {"label": labels[key], "hosts": hosts} for key, hosts in sets.items() if len(hosts) > 1
        ],
        "history": [dict(h) for h in history],
        "voice_routes": voice_packet.voice_route_rows(devices),
    }


def _label(index: int) -> str:
    """A, B, ... Z, AA, AB ...

    >>> [_label(i) for i in (0, 25, 26)]
    ['A', 'Z', 'AA']
    """
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(65 + rest) + label
    return label


def secret_lines(summary: Mapping[str, Any]) -> list[str]:
    """What a plan's summary says about secrets, one line each (empty: none).

    >>> secret_lines({"secrets": {"tacacs_key": 2}, "rotation": {"tacacs_key": ["a", "b"]}})
    ['secret rotation: tacacs_key on 2 devices', 'secrets needed: tacacs_key (2 devices)']
    """
    lines = [
        f"secret rotation: {name} on {len(hosts)} device{'s' if len(hosts) != 1 else ''}"
        for name, hosts in (summary.get("rotation") or {}).items()
    ]
    needed = summary.get("secrets") or {}
    if needed:
        lines.append(
            "secrets needed: "
            + ", ".join(
                f"{name} ({count} device{'s' if count != 1 else ''})"
                for name, count in needed.items()
            )
        )
    unknown = summary.get("rollback_unknown") or 0
    if unknown:
        lines.append(
            f"{unknown} rollback line(s) restore a secret the golden configs do not name "
            "(<redacted>): have its previous value at hand"
        )
    return lines


def _device_secrets(device: Mapping[str, Any]) -> str:
    parts = [f"secrets {', '.join(device.get('secrets') or []) or 'none'}"]
    if device.get("rotated"):
        parts.append(f"rotates {', '.join(device['rotated'])}")
    if device.get("rollback_secrets"):
        parts.append(f"rollback re-sends {', '.join(device['rollback_secrets'])}")
    if device.get("rollback_unknown"):
        parts.append(f"{device['rollback_unknown']} rollback line(s) need a value by hand")
    return "; ".join(parts)


def _rollback_plan(document: Mapping[str, Any], devices: Sequence[Mapping[str, Any]]) -> str:
    if document.get("mode") == "replace":
        return (
            "each device's configuration is replaced back with its pre-change configuration "
            "(archived before the push; its hash is the device's pre-change hash)"
        )
    lines = sum(len(d.get("rollback") or []) for d in devices)
    return (
        f"the rollback commands below ({lines} line(s) over {len(devices)} device(s)) take "
        "each device back to its pre-change hash; a failed device is rolled back on its own"
    )


# ------------------------------------------------------------------------------ diff rows
def diff_rows(changes: Sequence[Mapping[str, Any]]) -> list[tuple[str, str, str, str]]:
    """Side-by-side rows: (section, running-now line, after-change line, kind).

    >>> diff_rows([{"kind": "extra", "path": [], "line": "logging host 1"},
    ...            {"kind": "missing", "path": [], "line": "logging host 2"}])
    [('', 'logging host 1', 'logging host 2', 'change')]
    """
    groups: dict[tuple[str, ...], tuple[list[str], list[str], list[str]]] = {}
    for change in changes:
        path = tuple(change.get("path") or [])
        extra, missing, order = groups.setdefault(path, ([], [], []))
        {"extra": extra, "missing": missing}.get(change.get("kind", ""), order).append(
            str(change.get("line", ""))
        )
    rows: list[tuple[str, str, str, str]] = []
    for path, (extra, missing, order) in groups.items():
        section = " > ".join(path)
        for old, new in zip_longest(extra, missing, fillvalue=""):
            kind = "change" if old and new else "removed" if old else "added"
            rows.append((section, old, new, kind))
        for line in order:
            rows.append((section, line, line, "order"))
    return rows


# ------------------------------------------------------------------------------ markdown
def _md(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


def write_markdown(out: IO[str], data: Mapping[str, Any]) -> None:
    """The packet as Markdown (for a ticket or a merge request)."""
    status = data["status"]
    summary = data["summary"]
    out.write(f"# Change {data['change']}: {_md(data['title'])}\n\n")
    if data.get("emergency"):
        out.write(
            f"> **EMERGENCY CHANGE**: {_md(data['emergency'])} — needs review after the fact\n\n"
        )
    out.write(f"**Status: {_md(status['state'])}**")
    out.write("".join(f"\n- {_md(r)}" for r in status["reasons"]) + "\n\n")
    out.write("## Risk and summary\n\n| | |\n|---|---|\n")
    flags = ", ".join(f["flag"] for f in data["risk"]["flags"]) or "none"
    for label, value in _summary_items(data, flags):
        out.write(f"| {label} | {_md(value)} |\n")
    out.write("\n")
    if data["risk"]["flags"]:
        out.write("| risk flag | meaning | level | devices |\n|---|---|---|---|\n")
        for flag in data["risk"]["flags"]:
            out.write(
                f"| {flag['flag']} | {_md(flag['meaning'])} | {flag['level']} | "
                f"{flag['devices']} |\n"
            )
        out.write("\n")
    voice_packet.write_markdown(out, data)
    out.write("## Approvals\n\n")
    out.write(f"Needs {status['quorum']}.\n\n")
    for approval in status["approvals"]:
        state = "counts" if approval["counts"] else f"void: {approval['void']}"
        out.write(
            f"- {approval['actor']} at {approval['time']} (entry {approval['entry']}): "
            f"{_md(state)}\n"
        )
    out.write("\n| entry | time | action | by | detail |\n|---|---|---|---|---|\n")
    for entry in data["history"]:
        out.write(
            f"| {entry['seq']} | {entry['time']} | {entry['action']} | {_md(entry['actor'])} "
            f"| {_md(_history_detail(entry))} |\n"
        )
    out.write("\n## Sites and devices\n\n")
    out.write(
        f"{summary.get('devices', 0)} device(s) change at {len(data['sites'])} site(s); "
        f"{data['untouched']['devices']} selected device(s) are compliant and not listed.\n\n"
    )
    out.write(
        "| site | kind | changing | compliant | features | lines | risks |\n"
        "|---|---|---|---|---|---|---|\n"
    )
    for site in data["sites"]:
        out.write(
            f"| {site['site']} | {site['kind']} | {len(site['devices'])} | "
            f"{site['compliant']} | {', '.join(site['features'])} | +{site['added']} "
            f"-{site['removed']} | {', '.join(site['risks'])} |\n"
        )
    if data["untouched"]["sites"]:
        out.write(
            f"| {data['untouched']['sites']} other site(s) | | 0 | "
            f"{data['untouched']['site_devices']} | | | |\n"
        )
    shown: set[str] = set()
    for site in data["sites"]:
        out.write(f"\n### {site['site']} ({site['kind']})\n")
        for device in site["devices"]:
            out.write(f"\n#### {device['host']} — {device['role']}, {device['platform']}\n\n")
            out.write(
                f"pre-change `{device['pre_hash'][:16]}` → expected `"
                f"{device['post_hash'][:16]}`; features: {', '.join(device['features'])}"
                f"; risks: {', '.join(device['risks']) or 'none'}\n\n"
                f"{_md(_device_secrets(device))}\n\n"
            )
            for risk in device.get("lockout") or []:
                out.write(
                    f"- lockout risk: {_md(' > '.join([*risk['path'], risk['line']]))}: "
                    f"{_md(risk['reason'])}\n"
                )
            if device["shared"] and device["change_set"] in shown:
                out.write(f"Same change as change set {device['change_set']} above.\n")
                continue
            shown.add(device["change_set"])
            if device["shared"]:
                out.write(
                    f"Change set {device['change_set']} (also on the other devices "
                    "that name it):\n\n"
                )
            out.write("```diff\n")
            for section, old, new, kind in diff_rows(device["changes"]):
                prefix = f"{section} > " if section else ""
                if kind == "order":
                    out.write(f"~ {prefix}{old}\n")
                    continue
                if old:
                    out.write(f"- {prefix}{old}\n")
                if new:
                    out.write(f"+ {prefix}{new}\n")
            for entry in device.get("rotation") or []:
                out.write(f"~ {' > '.join([*entry['path'], entry['line']])} (rotated)\n")
            out.write("```\n\n")
            _md_commands(out, device)


def _md_commands(out: IO[str], device: Mapping[str, Any]) -> None:
    if device.get("rollback_method") == "replace":
        out.write(
            f"Replaces the whole configuration with the candidate (sha256 "
            f"`{device.get('candidate_sha256')}`); rollback replaces it back.\n\n"
        )
        return
    out.write("Commands:\n\n```\n" + "\n".join(device["commands"]) + "\n```\n\n")
    out.write("Rollback:\n\n```\n" + "\n".join(device["rollback"]) + "\n```\n\n")


def _history_detail(entry: Mapping[str, Any]) -> str:
    details = entry.get("details") or {}
    if entry.get("action") == "refused":
        return f"refused {details.get('attempted', '')}: {details.get('reason', '')}"
    parts = [str(details.get(k)) for k in ("comment", "title") if details.get(k)]
    return "; ".join(parts)


def _summary_items(data: Mapping[str, Any], flags: str) -> list[tuple[str, str]]:
    summary = data["summary"]
    source = data["source"]
    status = data["status"]
    origin = f"{source.get('kind', '')} (running configs from {source.get('running', '')})"
    if source.get("commit"):
        origin += f", commit {str(source['commit'])[:12]}"
    if source.get("dirty"):
        origin += f", UNCOMMITTED CHANGES: {', '.join(source['dirty'][:5])}"
    when = (
        "emergency: may run now"
        if data.get("emergency")
        else (
            "in its window now"
            if status["in_window"] and not status["frozen"]
            else f"next window {status['next_window'] or 'none within 120 days'}"
        )
    )
    if status["frozen"]:
        when += f"; frozen: {status['frozen']}"
    windows = "; ".join(f"{w['site_kind']}: {w['windows']}" for w in data["windows"])
    items = [
        (
            "What",
            f"{summary.get('devices', 0)} device(s); features "
            f"{', '.join(summary.get('features') or [])}; +{summary.get('added', 0)} "
            f"-{summary.get('removed', 0)} lines; mode {data['mode']}",
        ),
        ("Where", ", ".join(f"{s['site']} ({s['kind']})" for s in data["sites"])),
        ("When", f"{when} (windows, America/New_York: {windows})"),
        ("Who asked", f"{data['author']} at {data['created_at']}"),
        ("Ticket", data.get("ticket") or "none"),
        ("Source", origin),
        ("Risk", f"{data['risk']['level']} ({flags})"),
        ("Rollback plan", data["rollback_plan"]),
        ("Plan hash", data["plan_hash"]),
        ("Policy", status["policy_hash"]),
    ]
    secrets = secret_lines(data["summary"])
    if secrets:
        items.insert(7, ("Secrets", "; ".join([*secrets, SECRET_NOTE])))
    if data.get("allow_lockout"):
        items.insert(7, ("Lockout risk allowed", data["allow_lockout"]))
    if data.get("predecessor"):
        items.insert(0, ("Revises", f"change {data['predecessor']['id']}"))
    return items


# ------------------------------------------------------------------------------ table
def write_text(out: IO[str], data: Mapping[str, Any]) -> None:
    """The packet for a person at a terminal: the same order as the page, plain text."""
    status = data["status"]
    summary = data["summary"]
    out.write(f"change {data['change']}: {data['title']}\n")
    if data.get("emergency"):
        out.write(f"EMERGENCY CHANGE: {data['emergency']} (review needed after the fact)\n")
    out.write(f"status: {status['state']}\n")
    out.writelines(f"  - {reason}\n" for reason in status["reasons"])
    flags = ", ".join(f["flag"] for f in data["risk"]["flags"]) or "none"
    items = _summary_items(data, flags)
    width = max(len(label) for label, _ in items)
    out.write("\n")
    out.writelines(f"{label.ljust(width)}  {value}\n" for label, value in items)
    voice_packet.write_text(out, data)
    out.write(f"\napprovals: needs {status['quorum']}\n")
    for approval in status["approvals"]:
        state = "counts" if approval["counts"] else f"void: {approval['void']}"
        out.write(
            f"  entry {approval['entry']}: {approval['actor']} at {approval['time']} ({state})\n"
        )
    out.write("history:\n")
    for entry in data["history"]:
        detail = _history_detail(entry)
        out.write(
            f"  {entry['seq']:>4}  {entry['time']}  {entry['action']:<8} {entry['actor']}"
            + (f": {detail}" if detail else "")
            + "\n"
        )
    untouched = data["untouched"]
    out.write(
        f"\n{summary.get('devices', 0)} device(s) change at {len(data['sites'])} site(s); "
        f"{untouched['devices']} selected device(s) are compliant and not listed\n"
    )
    shown: set[str] = set()
    for site in data["sites"]:
        out.write(
            f"\n{site['site']} ({site['kind']}): {len(site['devices'])} device(s), "
            f"{site['compliant']} compliant, +{site['added']} -{site['removed']}\n"
        )
        for device in site["devices"]:
            out.write(
                f"  {device['host']} ({device['role']}): {', '.join(device['features'])}"
                f"; risks {', '.join(device['risks']) or 'none'}\n"
                f"    {_device_secrets(device)}\n"
            )
            if device["shared"] and device["change_set"] in shown:
                out.write(f"    same change as change set {device['change_set']}\n")
                continue
            shown.add(device["change_set"])
            for section, old, new, kind in diff_rows(device["changes"]):
                prefix = f"{section} > " if section else ""
                if kind == "order":
                    out.write(f"    ~ {prefix}{old}\n")
                    continue
                if old:
                    out.write(f"    - {prefix}{old}\n")
                if new:
                    out.write(f"    + {prefix}{new}\n")
            for entry in device.get("rotation") or []:
                out.write(f"    ~ {' > '.join([*entry['path'], entry['line']])} (rotated)\n")
            if device.get("rollback_method") == "replace":
                out.write(f"    replace with candidate sha256 {device.get('candidate_sha256')}\n")
                continue
            out.write("    commands:\n")
            out.writelines(f"      {line}\n" for line in device["commands"])
            out.write("    rollback:\n")
            out.writelines(f"      {line}\n" for line in device["rollback"])


# ------------------------------------------------------------------------------ html
_CSS = """
*{box-sizing:border-box}
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1b1f24}
h1{margin:0 0 .4rem;font-size:1.6rem}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2rem;
margin-top:1.8rem}h3{margin:1.2rem 0 .4rem}h4{margin:.8rem 0 .3rem;font-size:1rem}
.badge{display:inline-block;padding:.15rem .6rem;border-radius:1rem;font-weight:600;
border:1px solid #8c959f}.s-approved{background:#dafbe1;border-color:#1a7f37}
.s-rejected,.s-tampered,.s-expired,.s-withdrawn,.s-superseded{background:#ffd8d3;
border-color:#cf222e}.s-awaiting{background:#fff1c2;border-color:#9a6700}
.emergency{border:3px solid #cf222e;background:#ffebe9;padding:.6rem 1rem;margin:1rem 0;
font-weight:600}.reasons{margin:.4rem 0 0 1.2rem;padding:0}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}
th,td{border:1px solid #d0d7de;padding:.25rem .45rem;vertical-align:top;text-align:left}
th{background:#f6f8fa}table.kv th{width:11rem}
.level-critical{color:#a40e26;font-weight:700}.level-high{color:#cf222e;font-weight:600}
.level-medium{color:#9a6700}.level-low{color:#1a7f37}
code,pre,.diff td.l{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;
font-size:12px}pre{background:#f6f8fa;padding:.5rem;margin:.2rem 0;white-space:pre-wrap;
word-break:break-all}
.diff td.l{white-space:pre-wrap;word-break:break-all;width:40%}
.diff td.sec{color:#57606a;font-size:12px;width:20%}
.diff td.old{background:#ffebe9}.diff td.new{background:#e6ffec}.diff td.empty{background:#f6f8fa}
.cmds{display:flex;gap:1rem}.cmds>div{flex:1;min-width:0}
.device{border:1px solid #d0d7de;border-radius:6px;padding:.4rem .8rem;margin:.6rem 0}
.lockout{color:#a40e26}.muted{color:#57606a}
#history td:nth-child(2),#approvals td:nth-child(3){white-space:nowrap}
details.site>summary{cursor:pointer;font-weight:600;padding:.3rem 0}
@page{size:letter;margin:12mm}
@media print{body{margin:0;font-size:10pt}h2{break-after:avoid}
.device{break-inside:avoid-page}a{color:inherit;text-decoration:none}
details.site>summary{list-style:none}.noprint{display:none}}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def write_html(out: IO[str], data: Mapping[str, Any]) -> None:
    """The packet as one self-contained, printable HTML page (no script, nothing fetched)."""
    status = data["status"]
    state = status["state"]
    state_class = "s-" + state.split()[0].rstrip(",")
    flags = ", ".join(f["flag"] for f in data["risk"]["flags"]) or "none"
    parts: list[str] = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Change {data['change']}: {_e(data['title'])}</title>"
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Change {data['change']}: {_e(data['title'])}</h1>",
        f"<p><span class='badge {state_class}' id='status'>{_e(state)}</span> "
        f"<span class='level-{_e(data['risk']['level'])}' id='risk-level'>risk "
        f"{_e(data['risk']['level'])}</span></p>",
    ]
    if status["reasons"]:
        parts.append(
            "<ul class='reasons'>"
            + "".join(f"<li>{_e(r)}</li>" for r in status["reasons"])
            + "</ul>"
        )
    if data.get("emergency"):
        parts.append(
            f"<div class='emergency' id='emergency'>EMERGENCY CHANGE: "
            f"{_e(data['emergency'])} — allowed outside the change window and during "
            "freezes; needs review after the fact</div>"
        )
    parts.append("<h2>Risk and summary</h2><table class='kv' id='summary'>")
    for label, value in _summary_items(data, flags):
        parts.append(f"<tr><th>{_e(label)}</th><td>{_e(value)}</td></tr>")
    parts.append("</table>")
    if data["risk"]["flags"]:
        parts.append(
            "<table id='risks'><tr><th>risk flag</th><th>meaning</th><th>level</th>"
            "<th>devices</th></tr>"
        )
        for flag in data["risk"]["flags"]:
            hosts = ", ".join(flag["hosts"][:8]) + (" ..." if len(flag["hosts"]) > 8 else "")
            parts.append(
                f"<tr data-flag='{_e(flag['flag'])}'><td>{_e(flag['flag'])}</td>"
                f"<td>{_e(flag['meaning'])}</td><td class='level-{_e(flag['level'])}'>"
                f"{_e(flag['level'])}</td><td>{flag['devices']}: {_e(hosts)}</td></tr>"
            )
        parts.append("</table>")
    parts.extend(voice_packet.html_parts(data))
    _html_approvals(parts, data)
    _html_sites(parts, data)
    parts.append(
        f"<p class='muted'>Generated {_e(data['generated'])}. The plan hash is SHA-256 over the "
        "plan's canonical JSON; every approval is an SSH signature over it and the policy hash "
        "(check them all with <code>citynet audit verify</code>).</p></body></html>\n"
    )
    out.write("".join(parts))


def _html_approvals(parts: list[str], data: Mapping[str, Any]) -> None:
    status = data["status"]
    parts.append(
        f"<h2>Approvals</h2><p id='quorum'>Needs {_e(status['quorum'])}"
        + (f"; still needs {_e('; '.join(status['needs']))}" if status["needs"] else "")
        + ".</p>"
    )
    if status["approvals"]:
        parts.append(
            "<table id='approvals'><tr><th>entry</th><th>approver</th><th>signed</th>"
            "<th>counts</th></tr>"
        )
        for a in status["approvals"]:
            parts.append(
                f"<tr data-approver='{_e(a['actor'])}'><td>{a['entry']}</td><td>{_e(a['actor'])}"
                f"</td><td>{_e(a['time'])}</td><td>"
                + ("yes" if a["counts"] else f"no: {_e(a['void'])}")
                + "</td></tr>"
            )
        parts.append("</table>")
    parts.append(
        "<h3>History</h3><table id='history'><tr><th>entry</th><th>time (UTC)</th>"
        "<th>action</th><th>by</th><th>detail</th></tr>"
    )
    for entry in data["history"]:
        parts.append(
            f"<tr data-action='{_e(entry['action'])}'><td>{entry['seq']}</td>"
            f"<td>{_e(entry['time'])}</td><td>{_e(entry['action'])}</td>"
            f"<td>{_e(entry['actor'])}</td><td>{_e(_history_detail(entry))}</td></tr>"
        )
    parts.append("</table>")


def _html_sites(parts: list[str], data: Mapping[str, Any]) -> None:
    summary = data["summary"]
    untouched = data["untouched"]
    parts.append(
        f"<h2>Sites and devices</h2><p id='counts'>{summary.get('devices', 0)} device(s) change "
        f"at {len(data['sites'])} site(s); <span id='compliant'>{untouched['devices']} selected "
        "device(s) are compliant</span> and not listed.</p>"
        "<table id='sites'><tr><th>site</th><th>kind</th><th>changing</th><th>compliant</th>"
        "<th>features</th><th>lines</th><th>risks</th></tr>"
    )
    for site in data["sites"]:
        parts.append(
            f"<tr data-site='{_e(site['site'])}'><td><a href='#site-{_e(site['site'])}'>"
            f"{_e(site['site'])}</a></td><td>{_e(site['kind'])}</td><td>{len(site['devices'])}"
            f"</td><td>{site['compliant']}</td><td>{_e(', '.join(site['features']))}</td>"
            f"<td>+{site['added']} -{site['removed']}</td><td>{_e(', '.join(site['risks']))}"
            "</td></tr>"
        )
    if untouched["sites"]:
        parts.append(
            f"<tr class='untouched'><td colspan='2'>{untouched['sites']} other site(s)</td>"
            f"<td>0</td><td>{untouched['site_devices']}</td><td colspan='3'>all compliant</td></tr>"
        )
    parts.append("</table>")
    is_open = " open" if summary.get("devices", 0) <= OPEN_SITES_UP_TO else ""
    shown: set[str] = set()
    for site in data["sites"]:
        parts.append(
            f"<details class='site' id='site-{_e(site['site'])}'{is_open}><summary>"
            f"{_e(site['site'])} ({_e(site['kind'])}): {len(site['devices'])} device(s), "
            f"+{site['added']} -{site['removed']}</summary>"
        )
        for device in site["devices"]:
            _html_device(parts, device, shown)
        parts.append("</details>")


def _html_device(parts: list[str], device: Mapping[str, Any], shown: set[str]) -> None:
    host = device["host"]
    parts.append(
        f"<div class='device' id='device-{_e(host)}' data-host='{_e(host)}'>"
        f"<h4>{_e(host)} <span class='muted'>{_e(device['role'])}, {_e(device['platform'])}, "
        f"{_e(device['running_source'])}</span></h4>"
        f"<div class='muted'>pre-change <code>{_e(device['pre_hash'][:16])}</code> → expected "
        f"<code>{_e(device['post_hash'][:16])}</code>; features {_e(', '.join(device['features']))}"
        f"; risks {_e(', '.join(device['risks']) or 'none')}"
        + (f"; +{device['added']} -{device['removed']}")
        + "</div>"
        f"<div class='secrets' data-secrets='{_e(' '.join(device.get('secrets') or []))}' "
        f"data-rotated='{_e(' '.join(device.get('rotated') or []))}'>"
        f"{_e(_device_secrets(device))}</div>"
    )
    for risk in device.get("lockout") or []:
        where = " > ".join([*risk["path"], risk["line"]])
        parts.append(f"<div class='lockout'>lockout risk: {_e(where)}: {_e(risk['reason'])}</div>")
    label = device["change_set"]
    if device["shared"] and label in shown:
        parts.append(
            f"<p class='same' data-change-set='{_e(label)}'>Same change as change set "
            f"{_e(label)} (shown above with the first device that gets it).</p></div>"
        )
        return
    shown.add(label)
    if device["shared"]:
        parts.append(
            f"<p data-change-set='{_e(label)}'><b>Change set {_e(label)}</b>: the same "
            "change goes to every device that names it.</p>"
        )
    parts.append(
        "<table class='diff'><tr><th>section</th><th>running now</th><th>after the change</th></tr>"
    )
    for section, old, new, kind in diff_rows(device["changes"]):
        old_class = "old" if old and kind != "order" else "empty"
        new_class = "new" if new and kind != "order" else "empty"
        parts.append(
            f"<tr class='{kind}'><td class='sec'>{_e(section)}</td>"
            f"<td class='l {old_class}'>{_e(old)}</td><td class='l {new_class}'>{_e(new)}</td></tr>"
        )
    for entry in device.get("rotation") or []:
        parts.append(
            f"<tr class='rotate' data-secret='{_e(entry['name'])}'><td class='sec'>"
            f"{_e(' > '.join(entry['path']))}</td><td class='l empty'>{_e(entry['line'])}</td>"
            f"<td class='l new'>{_e(entry['line'])} (rotated)</td></tr>"
        )
    parts.append("</table>")
    if device.get("rollback_method") == "replace":
        parts.append(
            f"<p>Replaces the whole configuration with the candidate, sha256 "
            f"<code>{_e(device.get('candidate_sha256'))}</code>; rollback replaces it "
            "back with the pre-change configuration.</p></div>"
        )
        return
    parts.append(
        "<div class='cmds'><div><b>Commands</b><pre class='commands'>"
        + _e("\n".join(device["commands"]))
        + "</pre></div><div><b>Rollback</b><pre class='rollback'>"
        + _e("\n".join(device["rollback"]))
        + "</pre></div></div></div>"
    )


PACKET_FORMATS: dict[str, Callable[[IO[str], Mapping[str, Any]], None]] = {
    "table": write_text,
    "html": write_html,
    "markdown": write_markdown,
    "json": write_json,
}
"""``citynet change report --format``: name -> writer of the board's packet."""
