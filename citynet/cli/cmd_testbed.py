"""``citynet testbed``: the selected devices as a pyATS testbed (credentials as references)."""

from __future__ import annotations

import argparse

from citynet.cli import common
from citynet.cli.context import Context, ExitStatus

HELP = "export the inventory as a pyATS testbed (YAML; credentials as environment references)"


def configure(parser: argparse.ArgumentParser) -> None:
    common.add_filters(parser)
    parser.add_argument(
        "--name", default="citynet", metavar="NAME", help="the testbed's name (default: citynet)"
    )
    parser.add_argument("--output", metavar="FILE", help="write the testbed to FILE (YAML)")
    parser.set_defaults(handler=run_testbed)


def run_testbed(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.device.hostkeys import known_hosts_path
    from citynet.errors import InventoryError
    from citynet.inventory.filters import select
    from citynet.testbed import build_testbed, render_yaml

    workspace = ctx.workspace()
    inventory = common.load_inventory(ctx)
    views = select(inventory, common.host_filter(args))
    if not views:
        raise InventoryError(
            ["no device matches the filters: check them with 'citynet inventory list'"]
        )
    data = build_testbed(views, name=args.name, known_hosts=known_hosts_path(workspace))
    with common.output_stream(args, ctx) as out:
        out.write(render_yaml(data))
    if args.output:
        ctx.stderr.write(f"wrote a testbed of {len(views)} device(s) to {args.output}\n")
    return ExitStatus.SUCCESS
