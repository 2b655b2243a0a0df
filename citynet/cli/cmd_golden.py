"""``citynet golden diff|update``: rendered configs vs the approved ones in golden_configs/."""

from __future__ import annotations

import argparse
from typing import IO, Any

from citynet.cli import common
from citynet.cli.context import Context, ExitStatus

HELP = "compare rendered configs with golden_configs/, or update it"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    diff = sub.add_parser("diff", help="which golden configs the render would change (exit 3)")
    common.add_filters(diff)
    common.add_format(diff, ("table", "json", "markdown", "junit"))
    diff.add_argument("--stat", action="store_true", help="table: counts only, no diff text")
    diff.set_defaults(handler=run_diff)
    update = sub.add_parser("update", help="write golden_configs/ from the render (then commit)")
    common.add_filters(update)
    update.add_argument(
        "--prune",
        action="store_true",
        help="also delete golden configs of devices no longer in the inventory",
    )
    update.set_defaults(handler=run_update)


def run_diff(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.render.golden import Status
    from citynet.render.pipeline import golden_diffs, render_workspace
    from citynet.report import validation as report

    workspace = ctx.workspace()
    run = render_workspace(workspace, common.load_inventory(ctx), common.host_filter(args))
    diffs = golden_diffs(workspace, run)
    with common.output_stream(args, ctx) as out:
        if args.format == "json":
            common.write_json(
                out,
                {
                    "up_to_date": not any(d.differs for d in diffs) and not run.errors,
                    "devices": [report.golden_dict(d) for d in diffs],
                    "errors": [e.as_dict() for e in run.errors],
                },
            )
        elif args.format == "junit":
            from citynet.report.junit import to_xml

            out.write(to_xml([report.golden_suite(diffs), report.render_suite(run.results)]))
            out.write("\n")
        elif args.format == "markdown":
            report.golden_markdown(out, diffs, run.inventory)
        else:
            _table(out, diffs, stat=args.stat)
    for error in run.errors:
        ctx.stderr.write(f"{error}\n")
    if run.errors or any(d.status is Status.ERROR for d in diffs):
        return ExitStatus.ERROR
    return ExitStatus.DIFFERENCES if any(d.differs for d in diffs) else ExitStatus.SUCCESS


def _table(out: IO[str], diffs: list[Any], *, stat: bool) -> None:
    changed = [d for d in diffs if d.differs]
    if not stat:
        for item in changed:
            out.write(item.diff)
    if changed:
        common.write_table(
            out,
            ("host", "status", "added", "removed"),
            [
                {"host": d.host, "status": str(d.status), "added": d.added, "removed": d.removed}
                for d in changed
            ],
        )
    out.write(f"{len(changed)} of {len(diffs)} golden config(s) would change\n")


def run_update(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.render.golden import golden_path, orphaned, write_golden
    from citynet.render.pipeline import render_workspace

    workspace = ctx.workspace()
    host_filter = common.host_filter(args)
    run = render_workspace(workspace, common.load_inventory(ctx), host_filter)
    if run.errors:
        for error in run.errors:
            ctx.stderr.write(f"{error}\n")
        ctx.stderr.write("golden_configs/ left unchanged: fix the template errors above first\n")
        return ExitStatus.ERROR
    written = write_golden(workspace.golden_dir, run.configs)
    for host in written:
        ctx.stdout.write(f"updated golden_configs/{host}.cfg\n")
    if args.prune:
        if not host_filter.empty:
            ctx.stderr.write("--prune needs the whole fleet: run it without filters\n")
            return ExitStatus.USAGE
        for host in orphaned(workspace.golden_dir, run.inventory.views):
            golden_path(workspace.golden_dir, host).unlink()
            ctx.stdout.write(f"removed golden_configs/{host}.cfg\n")
    ctx.stdout.write(
        f"{len(written)} golden config(s) written, "
        f"{len(run.configs) - len(written)} already up to date\n"
    )
    return ExitStatus.SUCCESS
