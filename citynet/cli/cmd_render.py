"""``citynet render``: write the rendered configuration of every selected device."""

from __future__ import annotations

import argparse
from pathlib import Path

from citynet.cli import common
from citynet.cli.context import Context, ExitStatus

HELP = "render device configurations from the inventory and templates"


def configure(parser: argparse.ArgumentParser) -> None:
    common.add_filters(parser)
    parser.add_argument(
        "--out", metavar="DIR", help="folder for the configs (default: <state dir>/rendered)"
    )
    parser.set_defaults(handler=run_render)


def run_render(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.render.pipeline import render_workspace

    workspace = ctx.workspace()
    inventory = common.load_inventory(ctx)
    run = render_workspace(workspace, inventory, common.host_filter(args))
    out = Path(args.out) if args.out else workspace.state_dir / "rendered"
    out.mkdir(parents=True, exist_ok=True)
    for host, text in run.configs.items():
        (out / f"{host}.cfg").write_text(text, encoding="utf-8")
    for error in run.errors:
        ctx.stderr.write(f"{error}\n")
    ctx.stdout.write(f"rendered {len(run.configs)} of {len(run.results)} device(s) into {out}\n")
    if run.errors:
        ctx.stdout.write(f"{len(run.errors)} device(s) not rendered: template errors above\n")
        return ExitStatus.ERROR
    return ExitStatus.SUCCESS
