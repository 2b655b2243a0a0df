"""Lab benchmark: start N devices in one lab process, then nornir + netmiko ``show run`` on all.

Run: ``.venv/bin/python bench/bench_lab.py --devices 1000``. Prints a table; the
anchor row (one netmiko session to one device, measured in the same run) lets
numbers from different machines be compared. Nothing here asserts times.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from citynet.lab import control
from citynet.lab.specs import DeviceSpec

USERNAME, PASSWORD = "bench", "bench-password"
CONFIG = """hostname {name}
ip domain name bench.example
ip scp server enable
interface GigabitEthernet1/0/1
 description uplink
 ip address 10.{a}.{b}.1 255.255.255.0
interface Loopback0
 ip address 10.255.{a}.{b} 255.255.255.255
line vty 0 4
 login local
 transport input ssh
end
"""


def address(index: int) -> str:
    """The loopback address of bench device ``index``."""
    return f"127.78.{index // 250}.{index % 250 + 1}"


def rss_mb(pid: int) -> float:
    """Resident set size of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def netmiko_params(host: str, port: int, known_hosts: Path) -> dict[str, Any]:
    return {
        "device_type": "cisco_xe",
        "host": host,
        "port": port,
        "username": USERNAME,
        "password": PASSWORD,
        "ssh_strict": True,
        "system_host_keys": False,
        "alt_host_keys": True,
        "alt_key_file": str(known_hosts),
        "conn_timeout": 30,
        "auth_timeout": 30,
        "banner_timeout": 30,
    }


def split_known_hosts(known_hosts: Path, devices: dict[str, list[Any]]) -> dict[str, Path]:
    """One known_hosts file per device.

    paramiko parses the whole file on every connection (about 0.25 s for 1,000 entries),
    which would dominate the run; per-host files keep the measure about the lab.
    """
    lines = {line.split(" ", 1)[0]: line for line in known_hosts.read_text().splitlines()}
    out: dict[str, Path] = {}
    for name, (host, port) in devices.items():
        path = known_hosts.parent / "known_hosts.d" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(lines[f"[{host}]:{port}" if port != 22 else host] + "\n")
        out[name] = path
    return out


def run_nornir(devices: dict[str, list[Any]], known_hosts: Path, workers: int) -> tuple[float, int]:
    from nornir.core import Nornir
    from nornir.core.inventory import ConnectionOptions, Defaults, Groups, Host, Hosts, Inventory
    from nornir.core.plugins.connections import ConnectionPluginRegister
    from nornir.plugins.runners import ThreadedRunner
    from nornir_netmiko.connections import CONNECTION_NAME, Netmiko
    from nornir_netmiko.tasks import netmiko_send_command

    ConnectionPluginRegister.register(CONNECTION_NAME, Netmiko)
    files = split_known_hosts(known_hosts, devices)
    hosts = Hosts()
    for name, (host, port) in devices.items():
        extras = {
            "ssh_strict": True,
            "system_host_keys": False,
            "alt_host_keys": True,
            "alt_key_file": str(files[name]),
            "conn_timeout": 30,
            "auth_timeout": 30,
            "banner_timeout": 30,
        }
        hosts[name] = Host(
            name,
            hostname=host,
            port=port,
            username=USERNAME,
            password=PASSWORD,
            platform="cisco_xe",
            connection_options={"netmiko": ConnectionOptions(extras=extras)},
        )
    nr = Nornir(
        inventory=Inventory(hosts=hosts, groups=Groups(), defaults=Defaults()),
        runner=ThreadedRunner(num_workers=workers),
    )

    def backup(task: Any) -> Any:
        # Close each session when done: idle paramiko transports each keep a thread
        # polling under the GIL, which slows every other session in the run.
        try:
            return task.run(task=netmiko_send_command, command_string="show running-config")
        finally:
            task.host.close_connection(CONNECTION_NAME)

    start = time.perf_counter()
    result = nr.run(task=backup)
    elapsed = time.perf_counter() - start
    nr.close_connections()
    return elapsed, len(result.failed_hosts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=100)
    parser.add_argument(
        "--golden",
        type=Path,
        default=Path(__file__).resolve().parents[1] / "golden_configs",
        help="use these golden configs (cycled over the devices) when the folder exists",
    )
    args = parser.parse_args()
    golden = sorted(args.golden.glob("*.cfg")) if args.golden.is_dir() else []

    from netmiko import ConnectHandler

    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "lab"
        known_hosts = Path(tmp) / "known_hosts"
        specs = [
            DeviceSpec(
                f"bench{i:04d}",
                address(i),
                golden[i % len(golden)].read_text(encoding="utf-8")
                if golden
                else CONFIG.format(name=f"bench{i:04d}", a=i // 250, b=i % 250),
                port=0,
            )
            for i in range(args.devices)
        ]
        control.write_plan(state, specs, known_hosts=known_hosts)
        env = {**os.environ, "CITYNET_USERNAME": USERNAME, "CITYNET_PASSWORD": PASSWORD}
        start = time.perf_counter()
        info = control.start_background(state, env=env, timeout=300)
        started = time.perf_counter() - start
        rss = rss_mb(int(info["pid"]))
        print(f"started {len(info['devices'])} devices in {started:.1f} s", flush=True)
        try:
            devices = info["devices"]
            first = next(iter(devices.values()))
            t0 = time.perf_counter()
            with ConnectHandler(**netmiko_params(first[0], first[1], known_hosts)) as conn:
                conn.send_command("show running-config")
            anchor = time.perf_counter() - t0
            elapsed, failed = run_nornir(devices, known_hosts, args.workers)
            rss_after = rss_mb(int(info["pid"]))
        finally:
            control.stop_background(state)
    source = f"{len(golden)} golden configs" if golden else "a small generated config"
    rows = [
        ("configs", source),
        ("anchor: one netmiko session, show run", f"{anchor:.2f} s"),
        (f"lab start, {args.devices} devices (incl. process spawn)", f"{started:.2f} s"),
        ("lab RSS after start", f"{rss:.0f} MB"),
        (f"nornir+netmiko show run x{args.devices} ({args.workers} workers)", f"{elapsed:.2f} s"),
        ("failed hosts", str(failed)),
        ("lab RSS after sessions", f"{rss_after:.0f} MB"),
        ("sessions / anchor", f"{elapsed / anchor:.1f}x"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  value")
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


if __name__ == "__main__":
    main()
