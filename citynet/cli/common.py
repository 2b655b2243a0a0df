"""Options shared by commands (filters, --format, --output) and where a report goes."""

from __future__ import annotations

import argparse
import contextlib
import io
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING

from citynet.platforms import Platform

if TYPE_CHECKING:
    from citynet.cli.context import Context
    from citynet.inventory.filters import HostFilter
    from citynet.inventory.model import Inventory

ROLES = ("router", "core", "access", "voice_gateway")


def add_filters(parser: argparse.ArgumentParser) -> None:
    """The fleet filters every command that reads the fleet takes."""
    group = parser.add_argument_group("filters (options combine with AND, repeats with OR)")
    group.add_argument("--host", action="append", default=[], metavar="NAME", help="a device")
    group.add_argument("--site", action="append", default=[], metavar="ID", help="a site id")
    group.add_argument("--role", action="append", default=[], choices=ROLES, help="a device role")
    group.add_argument(
        "--platform",
        action="append",
        default=[],
        choices=[str(p) for p in Platform],
        help="a platform",
    )
    group.add_argument("--tag", action="append", default=[], metavar="T", help="a host tag")


def host_filter(args: argparse.Namespace) -> HostFilter:
    from citynet.inventory.filters import HostFilter

    return HostFilter(
        hosts=tuple(args.host),
        sites=tuple(args.site),
        roles=tuple(args.role),
        platforms=tuple(args.platform),
        tags=tuple(args.tag),
    )


def add_format(
    parser: argparse.ArgumentParser,
    formats: Iterable[str],
    *,
    aliases: Mapping[str, str] | None = None,
) -> None:
    """Add ``--format`` (a format registry's keys; the first is the default) and ``--output``.

    ``aliases`` maps old names still accepted to the format they now name: they
    are read as that format and shown nowhere (not in ``--help``, not in errors).
    """
    choices = list(formats)
    renamed = dict(aliases or {})
    parser.add_argument(
        "--format",
        choices=choices,
        default=choices[0],
        type=lambda name: renamed.get(name, name),
        help=f"output format (default: {choices[0]})",
    )
    parser.add_argument("--output", metavar="FILE", help="write the report to FILE")


@contextlib.contextmanager
def output_stream(args: argparse.Namespace, ctx: Context) -> Iterator[IO[str]]:
    """Where the report goes: ``--output FILE`` (written whole at the end) or stdout."""
    if not getattr(args, "output", None):
        yield ctx.stdout
        return
    from citynet.files import atomic_write, check_output

    path = Path(args.output)
    if not path.is_absolute():
        path = ctx.cwd / path
    check_output(path, _inputs(args, ctx))
    buffer = io.StringIO()
    yield buffer
    atomic_write(path, buffer.getvalue())


def _inputs(args: argparse.Namespace, ctx: Context) -> list[Path]:
    """What a command reads, which its ``--output`` must never overwrite."""
    from citynet.errors import WorkspaceError
    from citynet.workspace import SETTINGS_FILE

    inputs = [
        ctx.cwd / getattr(args, name)
        for name in ("running", "golden")
        if isinstance(getattr(args, name, None), str)
    ]
    try:
        workspace = ctx.workspace()
    except WorkspaceError:
        return inputs
    return [
        *inputs,
        workspace.inventory_dir,
        workspace.templates_dir,
        workspace.golden_dir,
        workspace.root / SETTINGS_FILE,
        workspace.state_dir / "backups",
    ]


def load_inventory(ctx: Context) -> Inventory:
    """The validated inventory of the workspace (raises InventoryError with every problem)."""
    from citynet.inventory.loader import load_inventory as _load

    workspace = ctx.workspace()
    return _load(workspace.inventory_dir, workspace.settings)
