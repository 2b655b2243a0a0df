"""``citynet validate``: inventory + render + lint + golden configs, for CI."""

from __future__ import annotations

import argparse
import time
from collections.abc import Mapping
from pathlib import Path
from typing import IO

from citynet.cli import common
from citynet.cli.context import Context, ExitStatus
from citynet.report.validation import VALIDATE_FORMATS

HELP = "everything CI checks: inventory, render, lint, golden configs up to date"


def configure(parser: argparse.ArgumentParser) -> None:
    common.add_format(parser, VALIDATE_FORMATS)
    parser.add_argument(
        "--base",
        metavar="REF",
        help="the merge request's target branch: list changes to safety settings and the "
        "change policy since it, at the top of the report",
    )
    parser.add_argument(
        "--timings",
        action="store_true",
        help="print the time each phase took to standard error (the report is unchanged)",
    )
    parser.set_defaults(handler=run_validate)


def run_validate(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    started = time.perf_counter()
    from citynet.report.validation import summary_line
    from citynet.validation import validate_workspace

    imported = time.perf_counter() - started
    workspace = ctx.workspace()
    changes: list[str] = []
    if args.base:
        from citynet.review import safety_changes

        changes = safety_changes(workspace.root, args.base)
    result = validate_workspace(workspace)
    result.safety_changes = changes
    with common.output_stream(args, ctx) as out:
        VALIDATE_FORMATS[args.format](out, result)
    if args.output:
        ctx.stdout.write(summary_line(result) + "\n")
    if args.timings:
        before = {"start-up (interpreter, command line)": process_age(started)}
        before["imports of the validation modules"] = imported
        write_timings(ctx.stderr, before, result.timings, time.perf_counter() - started)
        ctx.stderr.flush()
    return ExitStatus(result.exit_code)


def process_age(at: float, proc: Path = Path("/proc")) -> float | None:
    """Seconds from this process's start to the ``time.perf_counter()`` value ``at``
    (None where ``/proc`` does not tell)."""
    import os

    try:
        stat = (proc / "self" / "stat").read_text()
        uptime = float((proc / "uptime").read_text().split()[0])
        ticks = int(stat.rsplit(")", 1)[1].split()[19])
        age = uptime - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None
    return max(0.0, age - (time.perf_counter() - at))


def write_timings(
    out: IO[str],
    before: Mapping[str, float | None],
    phases: Mapping[str, float],
    total: float,
) -> None:
    """The phases of a run, each with its seconds beside it, then the whole.

    ``total`` is the time from the end of ``before``'s first phase (start-up) to
    the end; indented names are parts of the phase above them, in CPU seconds
    summed over the worker processes (not counted in the whole).

    >>> import io
    >>> buf = io.StringIO()
    >>> write_timings(buf, {"start-up": 0.125}, {"inventory": 0.25, "  cpu": 0.5}, 0.5)
    >>> print(buf.getvalue(), end="")
    timings (seconds, wall clock unless marked cpu):
      start-up                                     0.125
      inventory                                    0.250
        cpu                                        0.500 cpu
      the whole command                            0.625
    """
    out.write("timings (seconds, wall clock unless marked cpu):\n")
    startup = next(iter(before.values()), None) if before else None
    whole = None if startup is None and before else total + (startup or 0.0)
    rows = {**before, **phases, "the whole command": whole}
    for name, seconds in rows.items():
        shown = "n/a" if seconds is None else f"{seconds:.3f}"
        unit = " cpu" if name.startswith(" ") else ""
        out.write(f"  {name:<40} {shown:>9}{unit}\n")
