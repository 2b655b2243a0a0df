"""``citynet golden diff|update``: rendered configs vs the approved ones in golden_configs/."""

from __future__ import annotations

import argparse

from citynet.cli import common
from citynet.cli.context import Context, ExitStatus
from citynet.report.validation import GOLDEN_FORMATS

HELP = "compare rendered configs with golden_configs/, or update it"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    diff = sub.add_parser("diff", help="which golden configs the render would change (exit 3)")
    common.add_filters(diff)
    common.add_format(diff, GOLDEN_FORMATS)
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

    workspace = ctx.workspace()
    run = render_workspace(workspace, common.load_inventory(ctx), common.host_filter(args))
    diffs = golden_diffs(workspace, run)
    with common.output_stream(args, ctx) as out:
        GOLDEN_FORMATS[args.format](out, diffs, run, stat=args.stat)
    for error in run.errors:
        ctx.stderr.write(f"{error}\n")
    if run.errors or any(d.status is Status.ERROR for d in diffs):
        return ExitStatus.ERROR
    return ExitStatus.DIFFERENCES if any(d.differs for d in diffs) else ExitStatus.SUCCESS


def run_update(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.files import exclusive
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
    if args.prune and not host_filter.empty:
        ctx.stderr.write("--prune needs the whole fleet: run it without filters\n")
        return ExitStatus.USAGE
    with exclusive(workspace.state_dir / "locks" / "golden.lock", what="golden update"):
        written = write_golden(workspace.golden_dir, run.configs)
        for host in written:
            ctx.stdout.write(f"updated golden_configs/{host}.cfg\n")
        if args.prune:
            for host in orphaned(workspace.golden_dir, run.inventory.views):
                golden_path(workspace.golden_dir, host).unlink()
                ctx.stdout.write(f"removed golden_configs/{host}.cfg\n")
    ctx.stdout.write(
        f"{len(written)} golden config(s) written, "
        f"{len(run.configs) - len(written)} already up to date\n"
    )
    return ExitStatus.SUCCESS
