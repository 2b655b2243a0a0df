"""``citynet validate``: inventory + render + lint + golden configs, for CI."""

from __future__ import annotations

import argparse

from citynet.cli import common
from citynet.cli.context import Context, ExitStatus
from citynet.report.validation import VALIDATE_FORMATS

HELP = "everything CI checks: inventory, render, lint, golden configs up to date"


def configure(parser: argparse.ArgumentParser) -> None:
    common.add_format(parser, VALIDATE_FORMATS)
    parser.set_defaults(handler=run_validate)


def run_validate(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.report.validation import summary_line
    from citynet.validation import validate_workspace

    result = validate_workspace(ctx.workspace())
    with common.output_stream(args, ctx) as out:
        VALIDATE_FORMATS[args.format](out, result)
    if args.output:
        ctx.stdout.write(summary_line(result) + "\n")
    return ExitStatus(result.exit_code)
