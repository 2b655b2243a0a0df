"""``citynet drift [filters] [--offline]``: where the network has drifted from golden."""

from __future__ import annotations

import argparse

from citynet.cli import common
from citynet.cli.context import Context, ExitStatus
from citynet.cli.fleetrun import add_connection_options, fleet
from citynet.report.drift_report import DRIFT_FORMATS

HELP = "compare running configs (live, or the latest backup) with golden configs"


def configure(parser: argparse.ArgumentParser) -> None:
    common.add_filters(parser)
    add_connection_options(parser)
    parser.add_argument(
        "--offline",
        action="store_true",
        help="use the latest backup of each device instead of connecting",
    )
    common.add_format(parser, DRIFT_FORMATS)
    parser.add_argument(
        "--details",
        action="store_true",
        help="table: print each drifted device's remediation and rollback",
    )
    parser.set_defaults(handler=run_drift)


def run_drift(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.backup.store import BackupStore
    from citynet.compliance.fleet import load_baseline
    from citynet.diff.assess import DriftStatus
    from citynet.report import drift_report as report
    from playbooks import PLAYBOOKS

    workspace = ctx.workspace()
    store = BackupStore(workspace.state_dir / "backups")
    baseline = load_baseline(workspace.inventory_dir, display_root=workspace.root)
    for problem in baseline.problems:  # an error for validate; here the entry is left out
        ctx.stderr.write(f"warning: {problem}\n")
    if args.offline:
        from citynet.inventory.filters import select

        views = select(common.load_inventory(ctx), common.host_filter(args))
        drifts = PLAYBOOKS["drift-offline"](views, workspace.golden_dir, store, baseline)
    else:
        from citynet.ios.keyed import hmac_key

        key = hmac_key(ctx.env)  # the backups drift keeps match those 'backup' takes
        workspace, _, views, (nornir, options) = fleet(args, ctx, "collecting")
        drifts = PLAYBOOKS["drift"](
            nornir,
            views,
            workspace.golden_dir,
            store,
            baseline,
            settings=workspace.settings,
            options=options,
            hmac_key=key,
        )
    with common.output_stream(args, ctx) as out:
        DRIFT_FORMATS[args.format](out, drifts, details=args.details)
    if args.output and args.format != "table":
        summary = report.counts(drifts)
        ctx.stdout.write(
            f"{args.output}: " + ", ".join(f"{n} {s}" for s, n in summary.items() if n) + "\n"
        )
    if any(
        d.status not in (DriftStatus.COMPLIANT, DriftStatus.DRIFTED)
        for d in drifts
    ):
        return ExitStatus.ERROR
    if any(
        d.status is DriftStatus.DRIFTED or d.baseline_failed or d.unsaved or d.voice_state
        for d in drifts
    ):
        return ExitStatus.DIFFERENCES
    return ExitStatus.SUCCESS
