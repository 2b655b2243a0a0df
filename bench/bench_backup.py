"""Live backup + drift of a generated fleet served by the lab, beside plain Nornir.

The anchor is the loop a Nornir user writes without citynet: nornir_netmiko's
``netmiko_send_command("show running-config")`` over the same lab devices,
with the same worker count. Run with ``make bench`` (as root: the lab binds
port 22 on each device's loopback address).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
ENV = {"CITYNET_USERNAME": "bench", "CITYNET_PASSWORD": "bench-lab-only",
       "CITYNET_ENABLE_SECRET": "bench-lab-only"}


def main(devices: int = 1000, workers: int = 50) -> None:
    from citynet.cli.main import main as citynet
    from citynet.inventory.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(PROJECT / "templates", root / "templates")
        shutil.copy2(PROJECT / "citynet.toml", root / "citynet.toml")
        count = generate(devices, root / "inventory")
        quiet = open(os.devnull, "w")  # noqa: SIM115
        base = ["--root", str(root)]
        assert citynet([*base, "golden", "update"], env=ENV, stdout=quiet) == 0
        start = time.perf_counter()
        assert citynet([*base, "lab", "up", "--drift", "10"], env=ENV, stdout=quiet) == 0
        lab_start = time.perf_counter() - start
        try:
            start = time.perf_counter()
            code = citynet([*base, "drift", "--workers", str(workers), "--format", "json",
                            "--output", str(root / "drift.json")], env=ENV, stdout=quiet)
            ours = time.perf_counter() - start
            assert code in (0, 3), code
            start = time.perf_counter()
            code = citynet([*base, "drift", "--offline", "--format", "json", "--output",
                            str(root / "offline.json")], env=ENV, stdout=quiet)
            offline = time.perf_counter() - start
            assert code in (0, 3), code
            anchor = _anchor(root, workers)
        finally:
            citynet([*base, "lab", "down"], env=ENV, stdout=quiet)
    print(f"{'benchmark (' + str(count) + ' lab devices, ' + str(workers) + ' workers)':<52}"
          f" {'time':>8} {'vs anchor':>10}")
    print("-" * 72)
    print(f"{'lab up (background process)':<52} {lab_start:>7.1f}s")
    print(f"{'nornir + nornir_netmiko show running-config (anchor)':<52} {anchor:>7.1f}s "
          f"{1.0:>9.2f}x")
    print(f"{'citynet drift, live: collect, redact, store, diff':<52} {ours:>7.1f}s "
          f"{anchor / ours:>9.2f}x")
    print(f"{'citynet drift --offline (latest backups; no anchor)':<52} {offline:>7.1f}s "
          f"{offline / count * 1000:>7.2f}ms/device")
    print("\ntarget: live backup + drift of 1,000 devices under 30 s on 2 cores")


def _anchor(root: Path, workers: int) -> float:
    from nornir import InitNornir
    from nornir_netmiko.tasks import netmiko_send_command

    nr = InitNornir(
        runner={"plugin": "threaded", "options": {"num_workers": workers}},
        inventory={"plugin": "SimpleInventory", "options": {
            "host_file": str(root / "inventory" / "hosts.yaml"),
            "group_file": str(root / "inventory" / "groups.yaml"),
            "defaults_file": str(root / "inventory" / "defaults.yaml")}},
        logging={"enabled": False},
    )
    nr.inventory.defaults.username = ENV["CITYNET_USERNAME"]
    nr.inventory.defaults.password = ENV["CITYNET_PASSWORD"]
    for host in nr.inventory.hosts.values():
        host.platform = "cisco_xe" if host.platform == "cisco_iosxe" else "cisco_ios"
    start = time.perf_counter()
    result = nr.run(task=netmiko_send_command, command_string="show running-config")
    elapsed = time.perf_counter() - start
    nr.close_connections()
    assert not result.failed, sorted(result.failed_hosts)[:3]
    return elapsed


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
