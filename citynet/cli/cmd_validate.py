"""``citynet validate``: inventory + render + lint + golden configs, for CI."""

from __future__ import annotations

import argparse

from citynet.cli import common
from citynet.cli.context import Context, ExitStatus

HELP = "everything CI checks: inventory, render, lint, golden configs up to date"


def configure(parser: argparse.ArgumentParser) -> None:
    common.add_format(parser, ("table", "json", "junit", "markdown"))
    parser.set_defaults(handler=run_validate)


def run_validate(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.report import validation as report
    from citynet.validation import validate_workspace

    result = validate_workspace(ctx.workspace())
    with common.output_stream(args, ctx) as out:
        if args.format == "json":
            common.write_json(out, report.validation_dict(result))
        elif args.format == "junit":
            from citynet.report.junit import to_xml

            out.write(to_xml(report.validation_suites(result), name="citynet validate") + "\n")
        elif args.format == "markdown":
            report.write_validation_markdown(out, result)
        else:
            report.write_validation_table(out, result)
    if args.output:
        ctx.stdout.write(report.summary_line(result) + "\n")
    return ExitStatus(result.exit_code)
