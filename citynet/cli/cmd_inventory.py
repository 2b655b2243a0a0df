"""``citynet inventory validate|list|show``."""

from __future__ import annotations

import argparse

from citynet.cli import common
from citynet.cli.context import Context, ExitStatus
from citynet.report.inventory_report import (
    INVENTORY_LIST_FORMATS,
    INVENTORY_SHOW_FORMATS,
    INVENTORY_VALIDATE_FORMATS,
)

HELP = "validate and query the source-of-truth inventory"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    validate = sub.add_parser("validate", help="check the inventory; every problem, with file:line")
    common.add_format(validate, INVENTORY_VALIDATE_FORMATS)
    validate.set_defaults(handler=run_validate)

    list_ = sub.add_parser("list", help="list devices")
    common.add_filters(list_)
    common.add_format(list_, INVENTORY_LIST_FORMATS)
    list_.set_defaults(handler=run_list)

    show = sub.add_parser("show", help="a device's merged variables and where each came from")
    show.add_argument("name", metavar="HOST")
    common.add_format(show, INVENTORY_SHOW_FORMATS)
    show.set_defaults(handler=run_show)


def run_validate(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.diagnostics import Severity
    from citynet.inventory.loader import validate_inventory
    from citynet.report.inventory_report import safety_summary

    workspace = ctx.workspace()
    inventory, problems = validate_inventory(
        workspace.inventory_dir, workspace.settings, display_root=workspace.root
    )
    with common.output_stream(args, ctx) as out:
        INVENTORY_VALIDATE_FORMATS[args.format](
            out, problems, inventory, safety_summary(workspace.settings)
        )
    if any(p.severity is Severity.ERROR for p in problems):
        return ExitStatus.ERROR
    return ExitStatus.SUCCESS


def run_list(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.inventory.filters import select

    inventory = common.load_inventory(ctx)
    rows = [view.summary() for view in select(inventory, common.host_filter(args))]
    with common.output_stream(args, ctx) as out:
        INVENTORY_LIST_FORMATS[args.format](out, rows)
    return ExitStatus.SUCCESS


def run_show(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.inventory.filters import HostFilter, select

    inventory = common.load_inventory(ctx)
    (view,) = select(inventory, HostFilter(hosts=(args.name,)))
    with common.output_stream(args, ctx) as out:
        INVENTORY_SHOW_FORMATS[args.format](out, view)
    return ExitStatus.SUCCESS
