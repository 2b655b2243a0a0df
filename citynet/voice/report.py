"""``citynet voice route`` reports: a table for a person, JSON for a pipeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from citynet.diagnostics import Diagnostic, Severity
from citynet.report.plain import write_json, write_table
from citynet.voice.route import RouteResult


def route_dict(host: str, source: str, result: RouteResult) -> dict[str, Any]:
    """The JSON document of one route answer."""
    return {"host": host, "config": source, **result.as_dict()}


def write_route_json(out: IO[str], host: str, source: str, result: RouteResult) -> None:
    write_json(out, route_dict(host, source, result))


def write_route_table(out: IO[str], host: str, source: str, result: RouteResult) -> None:
    """What a person reads: the verdict, the candidates and why, the digits, what leaves."""
    out.write(f"{host}: {result.number} (from {source})\n")
    peer = result.peer
    if peer is not None and peer.destination_pattern is not None:
        out.write(
            f"dial-peer {peer.tag} ({peer.kind}, destination-pattern "
            f"{peer.destination_pattern.text}) is selected"
            + (f"; tied with {', '.join(result.tied)}" if result.tied else "")
            + "\n"
        )
    if result.considered:
        out.write("\n")
        write_table(
            out,
            ("dial-peer", "kind", "pattern", "explicit", "preference", "outcome"),
            [
                {
                    "dial-peer": c.tag,
                    "kind": c.kind,
                    "pattern": c.pattern,
                    "explicit": c.explicit,
                    "preference": c.preference,
                    "outcome": c.outcome,
                }
                for c in result.considered
            ],
        )
    if result.steps:
        out.write("\ndigits:\n")
        for step in result.steps:
            out.write(f"  {step}\n")
    if result.waits:
        out.write(f"\nnote: {result.waits}\n")
    out.write("\n")
    for other in result.alternatives:
        tag = other.peer.tag if other.peer else "?"
        what = f"sends {other.sent} out of {other.leaves_via}" if other.routed else other.failure
        out.write(f"if IOS picks dial-peer {tag} instead: {what}\n")
    if result.routed:
        calling = f" (calling {result.calling_sent})" if result.calling_sent else ""
        out.write(f"sends {result.sent}{calling} out of {result.leaves_via}\n")
    else:
        out.write(f"no route: {result.failure}\n")


ROUTE_FORMATS: dict[str, Callable[[IO[str], str, str, RouteResult], None]] = {
    "table": write_route_table,
    "json": write_route_json,
}
"""``--format`` of ``citynet voice route``: the first is the default."""


def write_lint_table(out: IO[str], problems: list[Diagnostic], gateways: int) -> None:
    """One line per finding, then a count."""
    for problem in problems:
        out.write(f"{problem}\n")
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    hosts = len({p.host for p in problems if p.severity is Severity.ERROR})
    out.write(
        f"{gateways} voice gateway(s) checked: {errors} error(s) on {hosts} gateway(s), "
        f"{len(problems) - errors} warning(s)\n"
    )


def write_lint_json(out: IO[str], problems: list[Diagnostic], gateways: int) -> None:
    write_json(
        out,
        {
            "gateways": gateways,
            "errors": sum(1 for p in problems if p.severity is Severity.ERROR),
            "problems": [p.as_dict() for p in problems],
        },
    )


LINT_FORMATS: dict[str, Callable[[IO[str], list[Diagnostic], int], None]] = {
    "table": write_lint_table,
    "json": write_lint_json,
}
"""``--format`` of ``citynet voice lint``."""
