"""The change packet's emergency-routing section: 911 and 9911 before and after the
change at every affected voice gateway (as ``citynet voice route`` answers them).

The plan document carries the routes (:func:`citynet.voice.risk.emergency_routes`,
per device as ``voice_routes``); these functions lay them out for the packet's
JSON, Markdown, text and HTML.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import IO, Any

from citynet.voice.risk import describe


def voice_route_rows(devices: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per gateway and number: host, site, number, before, after, changed."""
    rows = []
    for device in devices:
        for route in device.get("voice_routes") or []:
            rows.append(
                {
                    "host": device["host"],
                    "site": device.get("site", ""),
                    "number": route["number"],
                    "before": describe(route["before"]),
                    "after": describe(route["after"]),
                    "changed": bool(route["changed"]),
                }
            )
    return rows


_TITLE = "Emergency call routing (voice route, before and after)"


def write_markdown(out: IO[str], data: Mapping[str, Any]) -> None:
    rows = data.get("voice_routes") or []
    if not rows:
        return
    out.write(f"## {_TITLE}\n\n| gateway | number | before | after | |\n|---|---|---|---|---|\n")
    for row in rows:
        mark = "**changes**" if row["changed"] else "same"
        out.write(
            f"| {row['host']} | {row['number']} | {_md(row['before'])} | {_md(row['after'])} "
            f"| {mark} |\n"
        )
    out.write("\n")


def write_text(out: IO[str], data: Mapping[str, Any]) -> None:
    rows = data.get("voice_routes") or []
    if not rows:
        return
    out.write(f"\n{_TITLE.lower()}:\n")
    for row in rows:
        mark = "CHANGES" if row["changed"] else "same"
        out.write(
            f"  {row['host']} {row['number']} [{mark}]\n    before: {row['before']}\n"
            f"    after:  {row['after']}\n"
        )


def html_parts(data: Mapping[str, Any]) -> list[str]:
    rows = data.get("voice_routes") or []
    if not rows:
        return []
    parts = [
        f"<h2>{html.escape(_TITLE)}</h2><table id='voice-routes'><tr><th>gateway</th>"
        "<th>number</th><th>before</th><th>after</th><th></th></tr>"
    ]
    for row in rows:
        mark = "<strong>changes</strong>" if row["changed"] else "same"
        parts.append(
            f"<tr data-host='{html.escape(row['host'])}' "
            f"data-number='{html.escape(row['number'])}'>"
            f"<td>{html.escape(row['host'])}</td><td>{html.escape(row['number'])}</td>"
            f"<td>{html.escape(row['before'])}</td><td>{html.escape(row['after'])}</td>"
            f"<td>{mark}</td></tr>"
        )
    parts.append("</table>")
    return parts


def _md(text: str) -> str:
    return text.replace("|", "\\|")
