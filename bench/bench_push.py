"""The safe push of an approved change to a lab fleet, beside plain nornir + nornir_napalm.

Run: ``python bench/bench_push.py [DEVICES] [WORKERS]`` (default 500 devices, 50 workers;
``make bench`` runs it, ``make test`` never does). In a temporary folder it generates
an inventory of the City's shape at that size, renders its golden configs, gives every
device the same three-line drift (SNMP location changed, a logging host and an NTP
server removed by hand), starts the lab in its own process on free ports of
127.77.200.x and up (never port 22, never outside 127.0.0.0/8), and measures in the
same run:

1. ``citynet change apply`` of the approved plan that undoes the drift: per device a
   lease, the pre-change hash, targeted pre-checks (``citynet.state`` for the features
   the change touches), the merge under ``configure terminal revert timer``, the
   post-checks on a fresh session, ``configure confirm``, the verify against the
   plan's post-change hash and ``write memory``;
2. the anchor: plain nornir + nornir_napalm ``napalm_configure(replace=True)`` of the
   same devices (back to their drifted config: a change of the same size), no checks;
3. a second plan and apply with 5% of the devices given a random connection fault
   (connection dropped after line k, session lost before the confirm, authentication
   refused); then every device is read back (the lab saves each device's running
   config when it stops) and counted by end state, and as half-applied when its
   running config hashes to neither the plan's pre- nor its post-change hash.

The plan is signed, approved and applied with keys generated into the temporary folder,
the change store is SQLite there. A device minute lasts ``MINUTE`` seconds on the lab's
timers and in the push's waits. Prints a table; asserts nothing about times.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

USERNAME, PASSWORD, SECRET = "bench", "bench-lab-only", "bench-lab-enable"
MINUTE = 10.0
"""Seconds in a device minute (lab timers and the push's waits)."""
CONFIRM_MINUTES = 2
FAULT_SHARE = 0.05
ALWAYS = (
    "windows:\n  default:\n"
    '    - {days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "12:00"}\n'
    '    - {days: [mon, tue, wed, thu, fri, sat, sun], start: "12:00", end: "00:00"}\n'
    "freezes: []\n\n"
)
AUTHOR, APPROVERS = "maria.lopez", ("james.chen", "olivia.grant")
LOGGING, NTP = "logging host 10.0.76.12\n", "ntp server 10.0.76.10 key 1\n"


def address(index: int) -> str:
    """The lab address of bench device ``index`` (127.77.200.1 and up)."""
    return f"127.77.{200 + index // 250}.{index % 250 + 1}"


def drift(text: str) -> str:
    """Three lines changed by hand: a plan of three commands per device."""
    location = re.compile(r"^(snmp-server location .*)$", re.M)
    changed = location.sub(r"\1 (moved by hand)", text, count=1)
    changed = changed.replace(LOGGING, "", 1).replace(NTP, "", 1)
    assert changed.count("\n") == text.count("\n") - 2, "the golden config lacks a drift line"
    return changed


def policy(root: Path) -> dict[str, Path]:
    """The City's change policy with keys generated here, always in a window, no freeze."""
    from citynet.changes.policy import POLICY_FILE, load_policy
    from citynet.changes.signing import generate_key

    text = (PROJECT / POLICY_FILE).read_text()
    keys = {}
    for person in load_policy(PROJECT / POLICY_FILE).people:
        keys[person.name] = root / "keys" / person.name
        text = text.replace(person.key.line, generate_key(keys[person.name], person.name).line)
    start, end = text.index("# Change windows"), text.index("# Emergency changes")
    (root / POLICY_FILE).write_text(text[:start] + ALWAYS + text[end:])
    return keys


def point_inventory(root: Path, endpoints: dict[str, tuple[str, int]]) -> None:
    """Point every host's management address at its lab endpoint."""
    path = root / "inventory" / "hosts.yaml"
    text = path.read_text()
    for host, (host_address, port) in endpoints.items():
        pattern = re.compile(rf"^({re.escape(host)}:\n  hostname: )\S+\n", re.M)
        text, count = pattern.subn(rf"\g<1>{host_address}\n  port: {port}\n", text)
        assert count == 1, host
    path.write_text(text)


class Citynet:
    """Runs citynet commands in this process (the lab runs in its own)."""

    def __init__(self, root: Path, keys: dict[str, Path]) -> None:
        self.root, self.keys = root, keys
        self.env = {
            **os.environ,
            "HOME": str(root / "home"),
            "CITYNET_USERNAME": USERNAME,
            "CITYNET_PASSWORD": PASSWORD,
            "CITYNET_ENABLE_SECRET": SECRET,
            "CITYNET_DEVICE_MINUTE": str(MINUTE),
        }

    def __call__(self, *argv: str, who: str | None = None, expect: tuple[int, ...] = (0,)) -> str:
        from citynet.cli.main import main

        out, err = io.StringIO(), io.StringIO()
        key = ["--key", str(self.keys[who])] if who else []
        code = main(["--root", str(self.root), *argv, *key], env=self.env, stdout=out, stderr=err)
        assert code in expect, (argv, int(code), err.getvalue()[-2000:])
        return out.getvalue()

    def plan_and_approve(self, title: str) -> int:
        out = self("change", "plan", "--from", "drift", "--title", title, who=AUTHOR, expect=(3,))
        change = int(re.search(r"change (\d+) planned", out).group(1))  # type: ignore[union-attr]
        for person in APPROVERS:
            self("change", "approve", str(change), who=person)
        return change

    def apply(self, change: int, workers: int, *extra: str) -> tuple[float, dict[str, Any]]:
        start = time.perf_counter()
        out = self(
            "change",
            "apply",
            str(change),
            "--confirm-timeout",
            str(CONFIRM_MINUTES),
            "--wave-size",
            "100000",
            "--workers",
            str(workers),
            "--format",
            "json",
            "--read-timeout",
            "20",
            *extra,
            who=AUTHOR,
            expect=(0, 1),
        )
        return time.perf_counter() - start, json.loads(out)

    def plan_devices(self, change: int) -> dict[str, dict[str, Any]]:
        from citynet.changes import service
        from citynet.changes.store import ChangeStore

        store = ChangeStore.open(f"sqlite:///{self.root / 'state' / 'citynet.db'}")
        with store.read() as session:
            plan = service.load_plan(session, change)
        return {str(d["host"]): d for d in plan.document["devices"]}


def anchor(root: Path, drifted: dict[str, str], workers: int) -> tuple[float, int]:
    """Plain nornir + nornir_napalm replace of every device with ``drifted`` (no checks)."""
    from nornir import InitNornir
    from nornir_napalm.plugins.tasks import napalm_configure

    nr = InitNornir(
        runner={"plugin": "threaded", "options": {"num_workers": workers}},
        inventory={
            "plugin": "SimpleInventory",
            "options": {
                "host_file": str(root / "inventory" / "hosts.yaml"),
                "group_file": str(root / "inventory" / "groups.yaml"),
                "defaults_file": str(root / "inventory" / "defaults.yaml"),
            },
        },
        logging={"enabled": False},
    )
    from nornir.core.inventory import ConnectionOptions

    nr.inventory.defaults.username, nr.inventory.defaults.password = USERNAME, PASSWORD
    for host in nr.inventory.hosts.values():
        # Each host its own optional_args: nornir-napalm 0.6 writes the port into them.
        host.connection_options["napalm"] = ConnectionOptions(
            platform="ios",
            extras={
                "optional_args": {
                    "port": host.port,
                    "secret": SECRET,
                    "ssh_strict": True,
                    "alt_host_keys": True,
                    "alt_key_file": str(root / "state" / "known_hosts"),
                },
                "timeout": 60,
            },
        )

    def push(task: Any) -> Any:
        try:
            return task.run(
                task=napalm_configure, configuration=drifted[task.host.name], replace=True
            )
        finally:
            task.host.close_connection("napalm")

    start = time.perf_counter()
    result = nr.run(task=push)
    return time.perf_counter() - start, len(result.failed_hosts)


def set_fault(lab_dir: Path, lock: threading.Lock, host: str, **faults: object) -> None:
    from citynet.lab import control

    with lock:  # faults.json is read, changed and written whole
        control.set_faults(lab_dir, host, **faults)


def main(devices: int = 500, workers: int = 50) -> int:
    from citynet.backup.store import BackupStore
    from citynet.changes.confighash import config_hash
    from citynet.inventory.filters import HostFilter, select
    from citynet.inventory.loader import load_inventory
    from citynet.inventory.synth import generate
    from citynet.lab import control
    from citynet.lab.specs import specs_from_hosts
    from citynet.platforms import Platform
    from citynet.push import device as push_device
    from citynet.workspace import load_settings

    with tempfile.TemporaryDirectory(prefix="bench-push-") as tmp:
        root = Path(tmp) / "workspace"
        root.mkdir()
        shutil.copytree(PROJECT / "templates", root / "templates")
        shutil.copy2(PROJECT / "citynet.toml", root / "citynet.toml")
        count = generate(devices, root / "inventory")
        keys = policy(root)
        citynet = Citynet(root, keys)
        citynet("golden", "update")
        golden = {p.stem: p.read_text() for p in (root / "golden_configs").glob("*.cfg")}
        drifted = {h: drift(t) for h, t in golden.items()}
        store = BackupStore(root / "state" / "backups")
        for host, text in drifted.items():
            store.save(host, text, Platform.CISCO_IOSXE, time_now())
        views = select(
            load_inventory(root / "inventory", load_settings(root / "citynet.toml")), HostFilter()
        )
        specs = [
            replace(spec, address=address(i), port=0, device_lines=False)
            for i, spec in enumerate(specs_from_hosts(views, drifted))
        ]
        lab_dir = Path(tmp) / "lab"
        control.write_plan(
            lab_dir, specs, known_hosts=root / "state" / "known_hosts", seconds_per_minute=MINUTE
        )
        sys.stderr.write(f"starting {len(specs)} lab devices ...\n")
        start = time.perf_counter()
        info = control.start_background(lab_dir, env=citynet.env, timeout=600)
        lab_start = time.perf_counter() - start
        try:
            point_inventory(root, {h: (a, int(p)) for h, (a, p) in info["devices"].items()})
            first = citynet.plan_and_approve("Undo the hand edits")
            sys.stderr.write(f"change apply {first} on {count} devices ...\n")
            ours, data = citynet.apply(first, workers)
            ours_states = tally(data)
            show_failures(data)
            sys.stderr.write("anchor: nornir + nornir_napalm replace ...\n")
            plain, plain_failed = anchor(root, drifted, workers)
            second = citynet.plan_and_approve("Undo the hand edits again")
            faulted, kinds = choose_faults(sorted(golden), FAULT_SHARE)
            lock = threading.Lock()
            for host, kind in faulted.items():
                if kind == "drop after line k":
                    k = random.Random(host).randint(1, 3)
                    set_fault(lab_dir, lock, host, drop_after_config_lines=k)
                elif kind == "authentication refused":
                    set_fault(lab_dir, lock, host, refuse_auth=True)
            time.sleep(4 * control.POLL_SECONDS)  # the daemon picks faults.json up
            lost = {h for h, k in faulted.items() if k == "session lost before confirm"}
            say = push_device._Run.say

            def cut(run: Any, step: str) -> None:
                host = run.work.host
                if step == "post-checks" and host in lost:  # silent until its timer fired
                    set_fault(lab_dir, lock, host, hang=True)
                    later = CONFIRM_MINUTES * MINUTE + 1
                    back = threading.Timer(later, set_fault, (lab_dir, lock, host), {"hang": False})
                    back.start()
                say(run, step)

            push_device._Run.say = cut  # type: ignore[method-assign]
            try:
                faulty, fdata = citynet.apply(second, workers, "--max-failures", "20%")
            finally:
                push_device._Run.say = say  # type: ignore[method-assign]
            fault_states = tally(fdata)
            show_failures(fdata)
            planned = citynet.plan_devices(second)
        finally:
            control.stop_background(lab_dir, timeout=120)
        read_back: dict[str, int] = {"at post-change": 0, "at pre-change": 0, "half-applied": 0}
        half: list[str] = []
        for host, item in planned.items():
            saved = json.loads((lab_dir / "devices" / host / "state.json").read_text())
            now = config_hash(saved["running"], str(item.get("platform") or "cisco_iosxe"))
            if now == item["post_hash"]:
                read_back["at post-change"] += 1
            elif now == item["pre_hash"]:
                read_back["at pre-change"] += 1
            else:
                read_back["half-applied"] += 1
                half.append(host)
    report(
        count,
        workers,
        lab_start,
        ours,
        ours_states,
        plain,
        plain_failed,
        faulty,
        fault_states,
        kinds,
        read_back,
        half,
    )
    return 0 if not half else 1


def time_now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def choose_faults(hosts: list[str], share: float) -> tuple[dict[str, str], dict[str, int]]:
    """``share`` of the hosts, each given one of the three connection faults at random."""
    rng = random.Random(2026)
    chosen = rng.sample(hosts, max(1, round(len(hosts) * share)))
    faults = ("drop after line k", "session lost before confirm", "authentication refused")
    picked = {host: rng.choice(faults) for host in chosen}
    kinds = {kind: sum(1 for k in picked.values() if k == kind) for kind in faults}
    return picked, kinds


def show_failures(data: dict[str, Any], most: int = 5) -> None:
    """The first few devices that did not end applied, with why (on stderr)."""
    failed = [d for d in data.get("devices", []) if d["state"] != "applied and verified"]
    for item in failed[:most]:
        sys.stderr.write(f"  {item['host']}: {item['state']}: {item['detail'][:160]}\n")


def tally(data: dict[str, Any]) -> dict[str, int]:
    """Devices per end state in ``change apply``'s JSON report."""
    found: dict[str, int] = {}
    for item in data.get("devices", []):
        found[item["state"]] = found.get(item["state"], 0) + 1
    return found


def report(
    count: int,
    workers: int,
    lab_start: float,
    ours: float,
    ours_states: dict[str, int],
    plain: float,
    plain_failed: int,
    faulty: float,
    fault_states: dict[str, int],
    kinds: dict[str, int],
    read_back: dict[str, int],
    half: list[str],
) -> None:
    title = f"safe push benchmark ({count} lab devices, {workers} workers, {os.cpu_count()} cores)"
    print(f"{title:<72} {'time':>8} {'ratio':>7}")
    print("-" * 89)
    print(f"{'lab start (own process)':<72} {lab_start:>7.1f}s")
    label = f"nornir + nornir_napalm replace (anchor; {plain_failed} failed)"
    print(f"{label:<72} {plain:>7.1f}s {1.0:>6.2f}x")
    print(f"{'citynet change apply: lease, pre-checks, merge, fresh-session post-checks,':<72}")
    print(f"{'  confirm, verify, save':<72} {ours:>7.1f}s {ours / plain:>6.2f}x")
    print(f"{'  end states: ' + states_text(ours_states):<72}")
    faults = ", ".join(f"{n} {k}" for k, n in kinds.items())
    label = f"change apply, {sum(kinds.values())} devices faulted ({faults})"
    print(f"{label:<72} {faulty:>7.1f}s {faulty / plain:>6.2f}x")
    print(f"{'  end states: ' + states_text(fault_states):<72}")
    print(f"{'  read back: ' + states_text(read_back):<72}")
    if half:
        print(f"  HALF-APPLIED: {', '.join(half[:20])}")
    print(
        "\ntargets: 500 devices under 120 s on 2 cores, within 2x the anchor; "
        "0 half-applied with 5% faulted"
    )


def states_text(states: dict[str, int]) -> str:
    return ", ".join(f"{n} {s}" for s, n in sorted(states.items(), key=lambda i: -i[1])) or "none"


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:3])))
