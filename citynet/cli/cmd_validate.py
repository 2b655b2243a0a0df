"""``citynet validate``: inventory + render + lint + golden configs, for CI."""

from __future__ import annotations

import argparse

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
    parser.set_defaults(handler=run_validate)


def run_validate(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.report.validation import summary_line
    from citynet.review import safety_changes
    from citynet.validation import validate_workspace

    workspace = ctx.workspace()
    changes = safety_changes(workspace.root, args.base) if args.base else []
    result = validate_workspace(workspace)
    result.safety_changes = changes
    with common.output_stream(args, ctx) as out:
        VALIDATE_FORMATS[args.format](out, result)
    if args.output:
        ctx.stdout.write(summary_line(result) + "\n")
    return ExitStatus(result.exit_code)
