"""``citynet voice route HOST NUMBER``: which dial-peer a dialled number takes, and why;
``citynet voice lint [filters] [--running]``: the dial-plan lint on voice gateways.

Reads the host's golden configuration (or, with ``--running``, its latest backup),
and answers with the dial-peer selected, how it won over the others, the
translations and the digits sent out of which port or target. Exit 0 when the
number is routed, 3 when it is not (a difference found), 1 for an unknown host, a
missing configuration or a construct the model refuses.
"""

from __future__ import annotations

import argparse

from citynet.cli import common
from citynet.cli.context import Context, ExitStatus
from citynet.errors import CitynetError

HELP = "voice gateways: which dial-peer a number takes (route), dial-plan lint (lint)"


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``citynet voice``."""
    from citynet.voice.report import LINT_FORMATS, ROUTE_FORMATS

    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    route = sub.add_parser(
        "route",
        help="which outbound dial-peer a number matches and what leaves it",
        description="Which outbound dial-peer NUMBER matches on HOST, why it won, the "
        "translations and the digits sent. Exit 0 routed, 3 no route, 1 error.",
    )
    route.add_argument("host", metavar="HOST", help="a voice gateway of the inventory")
    route.add_argument("number", metavar="NUMBER", help="the dialled number, e.g. 911 or 9911")
    route.add_argument(
        "--running",
        action="store_true",
        help="use the host's latest backup (citynet backup) instead of its golden config",
    )
    route.add_argument("--calling", metavar="NUMBER", help="a calling number to translate too")
    common.add_format(route, ROUTE_FORMATS)
    route.set_defaults(handler=run_route)
    lint = sub.add_parser(
        "lint",
        help="the dial-plan lint on the selected voice gateways (golden or running)",
        description="The dial-plan lint (what citynet validate runs on rendered configs) on "
        "the golden configs of the selected voice gateways, or with --running on their latest "
        "backups. Exit 0 clean, 1 when a gateway has an error.",
    )
    common.add_filters(lint)
    lint.add_argument(
        "--running", action="store_true", help="lint the latest backups instead of golden configs"
    )
    common.add_format(lint, LINT_FORMATS)
    lint.set_defaults(handler=run_lint)


def config_text(ctx: Context, host: str, *, running: bool) -> tuple[str, str]:
    """The host's configuration and where it came from (golden or latest backup)."""
    from citynet.backup.store import BackupStore
    from citynet.inventory.filters import HostFilter, select

    workspace = ctx.workspace()
    select(common.load_inventory(ctx), HostFilter(hosts=(host,)))  # an unknown host: an error
    if running:
        store = BackupStore(workspace.state_dir / "backups")
        version = store.latest(host)
        if version is None:
            raise CitynetError(
                f"{host}: no backup of its running configuration; take one with "
                f"'citynet backup --host {host}', or drop --running to use its golden config"
            )
        return store.read(version), f"backup {version.label}"
    path = workspace.golden_dir / f"{host}.cfg"
    try:
        return path.read_text(encoding="utf-8"), f"golden_configs/{host}.cfg"
    except (OSError, UnicodeDecodeError):
        raise CitynetError(
            f"{host}: golden_configs/{host}.cfg cannot be read; run 'citynet golden update "
            f"--host {host}'"
        ) from None


def run_route(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.voice.model import parse_voice
    from citynet.voice.report import ROUTE_FORMATS
    from citynet.voice.route import Unmodelled, route

    text, source = config_text(ctx, args.host, running=args.running)
    cfg = parse_voice(text)
    if not cfg.peers:
        raise CitynetError(f"{args.host}: {source} has no dial-peers; is it a voice gateway?")
    try:
        result = route(cfg, args.number, calling=args.calling)
    except Unmodelled as exc:
        raise CitynetError(f"{args.host} ({source}): {exc}") from None
    with common.output_stream(args, ctx) as out:
        ROUTE_FORMATS[args.format](out, args.host, source, result)
    return ExitStatus.SUCCESS if result.routed else ExitStatus.DIFFERENCES


def run_lint(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.backup.store import BackupStore
    from citynet.diagnostics import Diagnostic, Severity
    from citynet.inventory.filters import select
    from citynet.inventory.schema import Role
    from citynet.voice.lint import lint_voice, site_options
    from citynet.voice.report import LINT_FORMATS

    workspace = ctx.workspace()
    views = [
        view
        for view in select(common.load_inventory(ctx), common.host_filter(args))
        if view.role is Role.VOICE_GATEWAY
    ]
    store = BackupStore(workspace.state_dir / "backups")
    problems: list[Diagnostic] = []
    for view in views:
        if args.running:
            version = store.latest(view.name)
            if version is None:
                problems.append(
                    Diagnostic(
                        f"state/backups/{view.name}",
                        None,
                        "no backup of its running configuration",
                        f"take one with 'citynet backup --host {view.name}'",
                        host=view.name,
                    )
                )
                continue
            text, where = store.read(version), f"backup {version.label}"
        else:
            where = f"golden_configs/{view.name}.cfg"
            try:
                text = (workspace.golden_dir / f"{view.name}.cfg").read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                problems.append(
                    Diagnostic(
                        where,
                        None,
                        "cannot be read",
                        f"run 'citynet golden update --host {view.name}'",
                        host=view.name,
                    )
                )
                continue
        problems.extend(lint_voice(text, host=view.name, file=where, **site_options(view)))
    with common.output_stream(args, ctx) as out:
        LINT_FORMATS[args.format](out, problems, len(views))
    errors = any(p.severity is Severity.ERROR for p in problems)
    return ExitStatus.ERROR if errors else ExitStatus.SUCCESS
