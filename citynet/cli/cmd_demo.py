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

    from citynet.report.validation import summary_line
    from citynet.validation import validate_workspace

    ctx.stdout.write("\n== 2. render every device, lint, compare with golden_configs/ ==\n")
    result = validate_workspace(workspace)
    ctx.stdout.write(summary_line(result) + "\n")
    if result.run is not None:
        lines = sum(len(text.splitlines()) for text in result.run.configs.values())
        ctx.stdout.write(
            f"{lines:,} configuration lines from {len(result.run.configs)} "
            "devices; try 'citynet golden diff --site FS01' after editing "
            "inventory/sites.yaml\n"
        )
    return ExitStatus.SUCCESS if result.exit_code == 0 else ExitStatus(result.exit_code)
