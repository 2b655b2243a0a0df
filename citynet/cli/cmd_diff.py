"""``citynet diff RUNNING_FILE GOLDEN_FILE``: offline drift, compliance, remediation, rollback.

Needs no device and no inventory. Exit 0 when the configurations are equal (up
to noise and IOS semantics), 3 when they differ, 1 when a file cannot be read
or parsed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from citynet.cli import common
from citynet.cli.context import Context, ExitStatus
from citynet.errors import ConfigParseError
from citynet.platforms import Platform
from citynet.report.diff_report import DIFF_FORMATS

HELP = "compare a running config with a golden config: drift, compliance, remediation, rollback"


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``citynet diff``."""
    parser.add_argument("running", metavar="RUNNING_FILE", help="the configuration on the device")
    parser.add_argument("golden", metavar="GOLDEN_FILE", help="the approved configuration")
    parser.add_argument(
        "--mgmt-address",
        metavar="IP",
        help="the device's management address (flags changes to the interface holding it)",
    )
    parser.add_argument(
        "--platform",
        choices=[str(p) for p in Platform],
        default=str(Platform.CISCO_IOS),
        help="configuration dialect (default: cisco_ios)",
    )
    parser.add_argument(
        "--model",
        metavar="MODEL",
        help="the device's model (e.g. C9300-48P): the lines it writes by itself are left "
        "alone (default: those of every model of the platform)",
    )
    # "text" named the table before every command called it "table": still read, not shown.
    common.add_format(parser, DIFF_FORMATS, aliases={"text": "table"})
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
        management_address=args.mgmt_address,
        model=args.model,
    )
    with common.output_stream(args, ctx) as out:
        DIFF_FORMATS[args.format](
            out, result, running=running_name, golden=golden_name, platform=args.platform
        )
    if result.refused is not None:
        ctx.stderr.write(f"error: {golden_name} refused as a target: {result.refused}\n")
        return ExitStatus.ERROR
    return ExitStatus.SUCCESS if result.compliant else ExitStatus.DIFFERENCES
