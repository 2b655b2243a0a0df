"""Pre/post-check snapshots of City devices: collect from the lab, parse, compare.

The anchor is what a pyATS user writes without citynet: ``Device.parse(command,
output=text)`` for every Genie-parsable command of the same outputs, in one process.
citynet parses the same outputs (Genie where it has a parser, TTP templates where it has
none) into snapshots, in-process and in a pool of 2 workers, then compares each device's
snapshot with itself. The outputs are collected in-process from the lab's CLI (no SSH),
so the figures are parsing and comparing only.
"""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def main(devices: int = 60) -> None:
    sys.path.insert(0, str(PROJECT))
    from citynet.inventory.loader import load_inventory
    from citynet.lab.session import CliSession
    from citynet.lab.specs import device_from_spec, specs_from_hosts
    from citynet.state import FEATURES, collect, compare_snapshots, features_for, parse_snapshots

    inventory = load_inventory(PROJECT / "inventory")
    views = sorted(
        inventory.views.values(), key=lambda v: (str(v.role) != "voice_gateway", v.name)
    )[:devices]
    texts = {v.name: (PROJECT / "golden_configs" / f"{v.name}.cfg").read_text() for v in views}
    raws = []
    for spec in specs_from_hosts(views, texts):
        cli = CliSession(device_from_spec(spec, port=0), "bench", lambda _: None, lambda: None)
        role = str(inventory.views[spec.name].role)
        features = features_for(["interfaces", "routing"], role)
        raws.append(collect(cli.execute, spec.platform, features, host=spec.name))
    commands = sum(len(r.outputs) for r in raws)
    voice = sum(1 for r in raws if "dial-peers" in r.features)

    from genie.conf.base import Device

    genie_commands = {
        c.command for f in FEATURES.values() for c in f.commands if c.parser == "genie"
    }
    start = time.perf_counter()
    for raw in raws:
        device = Device(raw.host, os="ios" if raw.platform == "cisco_ios" else "iosxe")
        device.custom.setdefault("abstraction", {})["order"] = ["os"]
        for command, text in raw.outputs.items():
            if command in genie_commands and text.strip():
                with contextlib.suppress(Exception):
                    device.parse(command, output=text)
    anchor = time.perf_counter() - start

    start = time.perf_counter()
    here = parse_snapshots(raws, workers=1)
    one = time.perf_counter() - start
    start = time.perf_counter()
    pooled = parse_snapshots(raws, workers=2)
    two = time.perf_counter() - start
    assert pooled == here
    start = time.perf_counter()
    problems = sum(len(compare_snapshots(s, s)) for s in here)
    compare = time.perf_counter() - start
    assert problems == 0

    title = f"benchmark ({len(raws)} City devices, {voice} voice gateways, {commands} outputs)"
    print(f"{title:<60} {'time':>8} {'vs anchor':>10}")
    print("-" * 80)
    print(
        f"{'pyATS Device.parse of the Genie commands only (anchor)':<60} {anchor:>7.2f}s "
        f"{1.0:>9.2f}x"
    )
    print(
        f"{'citynet parse_snapshots, in-process (Genie + TTP)':<60} {one:>7.2f}s "
        f"{anchor / one:>9.2f}x"
    )
    print(f"{'citynet parse_snapshots, 2 workers':<60} {two:>7.2f}s {anchor / two:>9.2f}x")
    print(f"{'citynet compare_snapshots, every device':<60} {compare:>7.2f}s")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
