"""``citynet diff RUNNING_FILE GOLDEN_FILE``: offline drift, compliance, remediation, rollback.

Needs no device and no inventory. Exit 0 when the configurations are equal (up
to noise and IOS semantics), 3 when they differ, 1 when a file cannot be read
or parsed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from citynet.cli import common
from citynet.cli.context import Context, ExitStatus
from citynet.errors import ConfigParseError
from citynet.platforms import Platform

if TYPE_CHECKING:
    from citynet.diff.engine import DiffResult

HELP = "compare a running config with a golden config: drift, compliance, remediation, rollback"


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``citynet diff``."""
    parser.add_argument("running", metavar="RUNNING_FILE", help="the configuration on the device")
    parser.add_argument("golden", metavar="GOLDEN_FILE", help="the approved configuration")
    parser.add_argument(
        "--platform",
        choices=[str(p) for p in Platform],
        default=str(Platform.CISCO_IOS),
        help="configuration dialect (default: cisco_ios)",
    )
    common.add_format(parser, ("text", "json"))
    parser.set_defaults(handler=run_diff)


def _read(path_text: str, ctx: Context) -> tuple[str, str]:
    path = Path(path_text)
    if not path.is_absolute():
        path = ctx.cwd / path
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigParseError(f"{path_text}: cannot read the file ({exc.strerror})") from None
    try:
        return data.decode("utf-8"), path_text
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigParseError(
            f"{path_text}, line {line}: not UTF-8 text; is this a configuration file?"
        ) from None


def run_diff(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    """Compare the two files and report."""
    from citynet.diff.engine import diff_configs

    running, running_name = _read(args.running, ctx)
    golden, golden_name = _read(args.golden, ctx)
    result = diff_configs(
        running,
        golden,
        platform=args.platform,
        running_name=running_name,
        golden_name=golden_name,
    )
    with common.output_stream(args, ctx) as out:
        if args.format == "json":
            document: dict[str, Any] = {
                "running": running_name,
                "golden": golden_name,
                "platform": args.platform,
                **result.to_dict(),
            }
            common.write_json(out, document)
        else:
            write_text(out, result, running_name, golden_name)
    return ExitStatus.SUCCESS if result.compliant else ExitStatus.DIFFERENCES


_MARK = {"missing": "+", "extra": "-", "order": "~"}


def write_text(out: IO[str], result: DiffResult, running: str, golden: str) -> None:
    """The report for a person: features, drift, remediation, rollback."""
    if result.compliant:
        out.write(f"{running} matches {golden}: compliant\n")
        return
    failing = [f for f in result.features if not f.compliant]
    out.write(
        f"{running} differs from {golden}: {len(result.changes)} line(s) in "
        f"{len(failing)} feature(s)\n\n"
    )
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
    if result.needs_secrets:
        out.write("\nSome commands carry <redacted> values to fill in from the vault.\n")
