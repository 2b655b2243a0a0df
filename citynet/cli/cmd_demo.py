"""``citynet demo``: the daily job, end to end, on the simulated City network."""

from __future__ import annotations

import argparse

from citynet.cli.context import Context, ExitStatus

HELP = "show citynet's main job end to end on the simulated City network"
DEMO_CREDENTIALS = {
    # Lab-only credentials, used when the environment gives none: the simulated devices
    # accept whatever the environment says, so nothing real is ever involved.
    "CITYNET_USERNAME": "demo",
    "CITYNET_PASSWORD": "demo-lab-only",
    "CITYNET_ENABLE_SECRET": "demo-lab-only",
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--drift",
        type=int,
        default=5,
        metavar="N",
        help="devices to seed with out-of-band changes (default: 5)",
    )
    parser.add_argument(
        "--site",
        action="append",
        default=[],
        metavar="ID",
        help="limit the demo to some sites (default: the whole City)",
    )
    parser.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.cli.common import load_inventory
    from citynet.cli.main import main
    from citynet.report.inventory_report import inventory_summary, write_summary
    from citynet.report.validation import summary_line
    from citynet.validation import validate_workspace

    workspace = ctx.workspace()
    env = {**DEMO_CREDENTIALS, **{k: v for k, v in ctx.env.items() if v}}
    out = ctx.stdout
    root = ["--root", str(workspace.root)]
    sites = [a for site in args.site for a in ("--site", site)]

    def step(title: str) -> None:
        out.write(f"\n== {title} ==\n")
        out.flush()

    def run(*argv: str) -> int:
        out.write(f"$ citynet {' '.join(argv)}\n")
        return int(main([*root, *argv], env=env, stdout=out, stderr=ctx.stderr, stdin=ctx.stdin))

    out.write(f"citynet demo — workspace {workspace.root}\n")
    step("1. the source of truth (inventory/)")
    write_summary(out, inventory_summary(load_inventory(ctx)))
    step("2. render every device, lint, compare with golden_configs/")
    out.write(summary_line(validate_workspace(workspace)) + "\n")
    step(f"3. start the simulated network, {args.drift} device(s) changed out of band")
    if run("lab", "up", *sites, "--fresh", "--drift", str(args.drift)) != 0:
        return ExitStatus.ERROR
    report = workspace.state_dir / "reports" / "drift.html"
    try:
        step("4. back up every device (redacted, versioned)")
        run(
            "backup",
            *sites,
            "--workers",
            "32",
            "--format",
            "json",
            "--output",
            str(workspace.state_dir / "reports" / "backup.json"),
        )
        step("5. drift from golden configs, from the backups just taken")
        code = run("drift", *sites, "--offline")
        step("6. the change board's report")
        run("drift", *sites, "--offline", "--format", "html", "--output", str(report))
        out.write(f"open {report} in a browser\n")
    finally:
        step("7. stop the simulated network")
        run("lab", "down")
    return ExitStatus.SUCCESS if code in (0, 3) else ExitStatus.ERROR
