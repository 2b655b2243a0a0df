"""``citynet lab up|down|status|fault``: the simulated City network."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from citynet.cli import common
from citynet.cli.context import Context, ExitStatus
from citynet.report.lab_report import LAB_STATUS_FORMATS

HELP = "start, inspect and stop the simulated devices; inject faults"
FAULT_FLAGS = (
    ("--refuse-auth", "refuse_auth", "reject every login"),
    ("--hang", "hang", "accept input but never answer"),
    ("--change-host-key", "change_host_key", "present a new SSH host key"),
)


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    up = sub.add_parser("up", help="serve the selected devices from their golden configs")
    common.add_filters(up)
    up.add_argument(
        "--drift",
        type=int,
        default=0,
        metavar="N",
        help="seed N devices with realistic out-of-band changes",
    )
    up.add_argument("--seed", type=int, default=2026, help="which devices --drift picks")
    up.add_argument(
        "--fresh",
        action="store_true",
        help="start every device from its golden config, forgetting the state a previous run left",
    )
    up.set_defaults(handler=run_up)
    down = sub.add_parser("down", help="stop the lab (device state is kept)")
    down.set_defaults(handler=run_down)
    status = sub.add_parser("status", help="is the lab running, which devices, which faults")
    common.add_format(status, LAB_STATUS_FORMATS)
    status.set_defaults(handler=run_status)
    fault = sub.add_parser("fault", help="set or clear faults on a device while the lab runs")
    fault.add_argument("name", metavar="HOST", nargs="?")
    for flag, _, text in FAULT_FLAGS:
        fault.add_argument(flag, action="store_true", help=text)
    fault.add_argument("--delay", type=float, metavar="S", help="wait S seconds before answers")
    fault.add_argument(
        "--drop-after",
        type=int,
        metavar="K",
        help="drop the connection at the K-th configuration line",
    )
    fault.add_argument(
        "--reject",
        metavar="REGEX",
        help="refuse configuration lines matching REGEX with an IOS error",
    )
    fault.add_argument(
        "--voice-down",
        metavar="REGEX",
        help="report matching voice items down ('dial-peer 200', 'voice-port 0/2/0:23', "
        "'Serial0/2/0:23' for an ISDN D-channel, 'sip-ua register NUMBER')",
    )
    fault.add_argument(
        "--clear",
        action="store_true",
        help="clear the faults (of every device when no HOST is given)",
    )
    fault.set_defaults(handler=run_fault)


def _lab_dir(ctx: Context) -> Path:
    return ctx.workspace().state_dir / "lab"


def run_up(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    import shutil

    from citynet.device.hostkeys import known_hosts_path
    from citynet.errors import CitynetError
    from citynet.inventory.filters import select
    from citynet.ios.redact import redact_line
    from citynet.lab import control
    from citynet.lab.server import LabError
    from citynet.lab.specs import specs_from_hosts
    from citynet.render.golden import read_golden

    workspace = ctx.workspace()
    views = select(common.load_inventory(ctx), common.host_filter(args))
    golden = read_golden(workspace.golden_dir, [v.name for v in views])
    missing = [h for h, text in golden.items() if text is None]
    if missing:
        raise CitynetError(
            f"no golden config for {', '.join(missing[:5])}"
            f"{' ...' if len(missing) > 5 else ''}; run 'citynet golden update'"
        )
    lab_dir = _lab_dir(ctx)
    if args.fresh:
        shutil.rmtree(lab_dir / "devices", ignore_errors=True)
    lab_dir.mkdir(parents=True, exist_ok=True)
    (lab_dir / control.DRIFT_FILE).unlink(missing_ok=True)
    configs = {h: t for h, t in golden.items() if t is not None}
    control.write_plan(
        lab_dir,
        specs_from_hosts(views, configs),
        known_hosts=known_hosts_path(workspace),
        drift=args.drift,
        drift_seed=args.seed,
    )
    try:
        started = control.start_background(lab_dir, ctx.env)
    except LabError as exc:
        raise CitynetError(str(exc)) from None
    ctx.stdout.write(
        f"lab up: {len(started['devices'])} device(s) "
        f"(pid {started['pid']}); host keys in {known_hosts_path(workspace)}\n"
    )
    drift_file = lab_dir / control.DRIFT_FILE
    seeded = json.loads(drift_file.read_text()) if drift_file.is_file() else {}
    for host, commands in sorted(seeded.items()):
        shown = " | ".join(redact_line(command) for command in commands)
        ctx.stdout.write(f"  out-of-band change on {host}: {shown}\n")
    return ExitStatus.SUCCESS


def run_down(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.lab import control

    stopped = control.stop_background(_lab_dir(ctx))
    ctx.stdout.write("lab stopped\n" if stopped else "no lab was running\n")
    return ExitStatus.SUCCESS


def run_status(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.lab import control

    data = control.status(_lab_dir(ctx))
    with common.output_stream(args, ctx) as out:
        LAB_STATUS_FORMATS[args.format](out, data)
    return ExitStatus.SUCCESS if data else ExitStatus.ERROR


def run_fault(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.errors import CitynetError
    from citynet.lab import control

    if args.voice_down:
        try:
            re.compile(args.voice_down)
        except re.error as exc:
            raise CitynetError(
                f"--voice-down {args.voice_down!r} is not a regular expression ({exc}); "
                "give e.g. 'dial-peer 200$'"
            ) from exc
    lab_dir = _lab_dir(ctx)
    if control.status(lab_dir) is None:
        raise CitynetError("no lab is running; start one with 'citynet lab up'")
    if args.clear:
        control.clear_faults(lab_dir, args.name)
        ctx.stdout.write(f"faults cleared on {args.name or 'every device'}\n")
        return ExitStatus.SUCCESS
    if not args.name:
        raise CitynetError("name the device: citynet lab fault HOST --hang (or --clear)")
    faults: dict[str, object] = {
        key: True for flag, key, _ in FAULT_FLAGS if getattr(args, flag[2:].replace("-", "_"))
    }
    if args.delay is not None:
        faults["delay"] = args.delay
    if args.drop_after is not None:
        faults["drop_after_config_lines"] = args.drop_after
    if args.reject:
        faults["reject_pattern"] = args.reject
    if args.voice_down:
        faults["voice_down"] = args.voice_down
    if not faults:
        raise CitynetError("give at least one fault (see 'citynet lab fault --help')")
    current = control.set_faults(lab_dir, args.name, **faults)
    ctx.stdout.write(f"{args.name}: " + ", ".join(f"{k}={v}" for k, v in current.items()) + "\n")
    return ExitStatus.SUCCESS
