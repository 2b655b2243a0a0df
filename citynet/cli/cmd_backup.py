"""``citynet backup [filters]``, ``backup history HOST``, ``backup diff HOST [A] [B]``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from citynet.cli import common
from citynet.cli.context import Context, ExitStatus
from citynet.cli.fleetrun import add_connection_options, fleet
from citynet.report.backup_report import BACKUP_FORMATS, HISTORY_FORMATS

if TYPE_CHECKING:
    from citynet.backup.store import BackupStore

HELP = "back up running configs (redacted, versioned); show a device's history and diffs"


def configure(parser: argparse.ArgumentParser) -> None:
    common.add_filters(parser)
    add_connection_options(parser)
    common.add_format(parser, BACKUP_FORMATS)
    parser.set_defaults(handler=run_backup)
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    history = sub.add_parser("history", help="the stored versions of one device")
    history.add_argument("name", metavar="HOST")
    common.add_format(history, HISTORY_FORMATS)
    history.set_defaults(handler=run_history)
    diff = sub.add_parser("diff", help="diff two versions (default: the last two)")
    diff.add_argument("name", metavar="HOST")
    diff.add_argument(
        "old",
        nargs="?",
        default="-2",
        metavar="A",
        help="version: 1 = oldest, -1 = latest, or a hash prefix (default: -2)",
    )
    diff.add_argument("new", nargs="?", default="-1", metavar="B", help="version (default: -1)")
    diff.set_defaults(handler=run_diff)


def _store(ctx: Context) -> BackupStore:
    from citynet.backup.store import BackupStore

    return BackupStore(ctx.workspace().state_dir / "backups")


def run_backup(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.ios.keyed import hmac_key
    from playbooks import PLAYBOOKS

    key = hmac_key(ctx.env)  # before connecting: a bad key is an error, not a later surprise
    workspace, _, views, (nornir, options) = fleet(args, ctx, "backing up")
    outcomes = PLAYBOOKS["backup"](
        nornir, _store(ctx), settings=workspace.settings, options=options, hmac_key=key
    )
    with common.output_stream(args, ctx) as out:
        BACKUP_FORMATS[args.format](out, outcomes, len(views))
    return ExitStatus.ERROR if any(o.status == "failed" for o in outcomes) else ExitStatus.SUCCESS


def run_history(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    versions = _store(ctx).history(args.name)
    if not versions:
        from citynet.inventory.filters import HostFilter, select

        select(common.load_inventory(ctx), HostFilter(hosts=(args.name,)))  # a typo: an error
    with common.output_stream(args, ctx) as out:
        HISTORY_FORMATS[args.format](out, versions, args.name)
    return ExitStatus.SUCCESS


def run_diff(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    import difflib

    store = _store(ctx)
    old, new = store.resolve(args.name, args.old), store.resolve(args.name, args.new)
    lines = list(
        difflib.unified_diff(
            store.read(old).splitlines(keepends=True),
            store.read(new).splitlines(keepends=True),
            fromfile=f"{args.name} {old.label}",
            tofile=f"{args.name} {new.label}",
        )
    )
    ctx.stdout.write("".join(lines))
    return ExitStatus.DIFFERENCES if lines else ExitStatus.SUCCESS
