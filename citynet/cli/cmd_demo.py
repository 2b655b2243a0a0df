"""``citynet demo``: a guided look at the City workspace."""

from __future__ import annotations

import argparse

from citynet.cli.context import Context, ExitStatus

HELP = "show what citynet does on the City workspace"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.cli.cmd_inventory import inventory_summary, write_summary
    from citynet.cli.common import load_inventory

    workspace = ctx.workspace()
    ctx.stdout.write(f"citynet demo — workspace {workspace.root}\n\n")
    ctx.stdout.write("== 1. validate the source of truth (inventory/) ==\n")
    inventory = load_inventory(ctx)
    write_summary(ctx.stdout, inventory_summary(inventory))
    return ExitStatus.SUCCESS
