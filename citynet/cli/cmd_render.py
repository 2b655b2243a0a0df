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
    from citynet.files import FileSafetyError, atomic_write, inside
    from citynet.render.pipeline import render_workspace

    workspace = ctx.workspace()
    inventory = common.load_inventory(ctx)
    run = render_workspace(workspace, inventory, common.host_filter(args))
    out = Path(args.out) if args.out else workspace.state_dir / "rendered"
    if not out.is_absolute():
        out = ctx.cwd / out
    inputs = [workspace.inventory_dir, workspace.templates_dir, workspace.golden_dir]
    for folder in inputs:
        if inside(out, folder) or inside(folder, out):
            raise FileSafetyError(
                f"--out {args.out} would write over {folder}, an input of this command; "
                "render somewhere else (default: the state directory)"
            )
    for host, text in run.configs.items():
        atomic_write(out / f"{host}.cfg", text, within=out)
    for result in run.results:
        if result.text is None:  # a failed render leaves no stale config behind
            (out / f"{result.host}.cfg").unlink(missing_ok=True)
    for error in run.errors:
        ctx.stderr.write(f"{error}\n")
    ctx.stdout.write(f"rendered {len(run.configs)} of {len(run.results)} device(s) into {out}\n")
    if run.errors:
        ctx.stdout.write(f"{len(run.errors)} device(s) not rendered: template errors above\n")
        return ExitStatus.ERROR
    return ExitStatus.SUCCESS
