"""Planning the whole City from its latest backups, and the board's packet, beside plain drift.

Run it as ``python bench/bench_changes.py`` (``make bench`` runs every benchmark; none
touches a device). It copies the City's workspace into a temporary folder, gives
every one of its 428 devices a latest backup that drifted from golden (a port
description and a logging host changed by hand: the worst case, every device in
the plan), and measures, in the same run:

* the anchor: ``citynet drift --offline`` over the same devices (read the latest
  backups, diff them against golden, report JSON), which a plan cannot do without;
* ``citynet change plan --from drift``: the same reading and diffing, plus config
  hashes, risk flags, the canonical plan hash, the author's signature, the
  store and the audit entry;
* the same plan rotating the TACACS+ key (``--rotate tacacs_key``: every device's
  ``tacacs server`` sections re-sent besides its drift);
* ``citynet change report --format html`` for that plan, beside the drift HTML
  report of the same devices;
* the packet of a 1,000-device plan (the City's entries repeated over 120 sites).

Each command runs in a new process, as an engineer runs it (interpreter start and
imports included, on both sides). Times are wall clock, median of three; nothing
here asserts on them.
"""

from __future__ import annotations

import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))


def timed(func: Callable[[], object], repeat: int = 3) -> float:
    """Median wall-clock seconds of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def drift(text: str) -> str:
    text = text.replace("logging host 10.0.76.12\n", "", 1)
    return text.replace(" description User port\n", " description Moved by hand\n", 1)


def workspace(root: Path) -> dict[str, Path]:
    """The City's workspace with drifted backups and a policy listing the bench's keys."""
    from citynet.backup.store import BackupStore
    from citynet.changes.policy import POLICY_FILE, load_policy
    from citynet.changes.signing import generate_key
    from citynet.platforms import Platform

    shutil.copy2(PROJECT / "citynet.toml", root / "citynet.toml")
    shutil.copytree(PROJECT / "inventory", root / "inventory")
    shutil.copytree(PROJECT / "golden_configs", root / "golden_configs")
    policy = load_policy(PROJECT / POLICY_FILE)
    text = (PROJECT / POLICY_FILE).read_text()
    keys = {}
    for person in policy.people:
        keys[person.name] = root / "keys" / person.name
        text = text.replace(person.key.line, generate_key(keys[person.name], person.name).line)
    (root / POLICY_FILE).write_text(text)
    store = BackupStore(root / "state" / "backups")
    when = datetime(2026, 3, 1, tzinfo=UTC)
    for path in sorted((root / "golden_configs").glob("*.cfg")):
        store.save(path.stem, drift(path.read_text()), Platform.CISCO_IOSXE, when)
    return keys


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sys.stderr.write("preparing the City's workspace with drifted backups ...\n")
        keys = workspace(root)
        devices = len(list((root / "golden_configs").glob("*.cfg")))
        base = [sys.executable, "-m", "citynet", "--root", str(root)]
        env = {**os.environ, "HOME": str(root / "home"), "PYTHONPATH": str(PROJECT)}

        def run(*argv: str, expect: tuple[int, ...] = (0, 3)) -> None:
            """One command as an engineer runs it: a new process, imports and all."""
            done = subprocess.run(
                [*base, *argv], env=env, capture_output=True, text=True, check=False
            )
            assert done.returncode in expect, (argv, done.returncode, done.stderr)

        anchor_plan = timed(
            lambda: run(
                "drift", "--offline", "--format", "json", "--output", str(root / "drift.json")
            )
        )
        plans = [0]

        def plan() -> None:
            plans[0] += 1
            run(
                "change",
                "plan",
                "--from",
                "drift",
                "--title",
                f"bench {plans[0]}",
                "--key",
                str(keys["maria.lopez"]),
                expect=(3,),
            )

        ours_plan = timed(plan)

        def rotate() -> None:
            plans[0] += 1
            run(
                "change",
                "plan",
                "--from",
                "drift",
                "--rotate",
                "tacacs_key",
                "--title",
                f"bench {plans[0]}",
                "--key",
                str(keys["maria.lopez"]),
                expect=(3,),
            )

        ours_rotate = timed(rotate)
        anchor_report = timed(
            lambda: run(
                "drift", "--offline", "--format", "html", "--output", str(root / "drift.html")
            )
        )
        ours_report = timed(
            lambda: run(
                "change", "report", "1", "--format", "html", "--output", str(root / "change.html")
            )
        )
        size = (root / "change.html").stat().st_size
        big_time, big_size, big_tables, big_sites = _thousand(root)
    rows = [
        ("citynet drift --offline --format json (anchor)", anchor_plan, 1.0),
        (
            "citynet change plan --from drift (hash, flag, sign, store)",
            ours_plan,
            ours_plan / anchor_plan,
        ),
        (
            "citynet change plan --from drift --rotate tacacs_key",
            ours_rotate,
            ours_rotate / anchor_plan,
        ),
        ("citynet drift --offline --format html (anchor)", anchor_report, 1.0),
        (
            f"citynet change report --format html ({size // 1024} KiB)",
            ours_report,
            ours_report / anchor_report,
        ),
        (
            f"1,000-device packet ({big_sites} sites collapsed, {big_tables} diffs, "
            f"{big_size // 1024} KiB)",
            big_time,
            None,
        ),
    ]
    title = f"benchmark ({devices} City devices, all drifted; {os.cpu_count()} cores)"
    print(f"{title:<66} {'time':>7} {'ratio':>7}")
    print("-" * 82)
    for label, seconds, ratio in rows:
        shown = f"{ratio:>6.2f}x" if ratio is not None else ""
        print(f"{label:<66} {seconds:>6.2f}s {shown}")
    print(
        "\ntargets: the City's plan under 5 s and its packet under 2 s on 2 cores; a "
        "1,000-device packet readable (collapsed by site)"
    )
    return 0


def _thousand(root: Path) -> tuple[float, int, int, int]:
    """The packet of a 1,000-device plan built from the City's entries."""
    import copy
    import json

    from citynet.changes.approvals import evaluate
    from citynet.changes.policy import POLICY_FILE, load_policy
    from citynet.changes.service import load_plan
    from citynet.changes.store import ChangeStore
    from citynet.report import change_packet
    from citynet.workspace import find_workspace

    space = find_workspace(root, explicit=True)
    policy = load_policy(root / POLICY_FILE)
    with ChangeStore.open(space.database_url({})) as store, store.read() as session:
        plan = load_plan(session, 1)
    document = copy.deepcopy(plan.document)
    entries = document["devices"]
    devices = []
    for index in range(1000):
        entry = copy.deepcopy(entries[index % len(entries)])
        entry["host"] = f"{entry['host']}-{index:04d}"
        entry["site"] = f"S{index % 120:03d}"
        devices.append(entry)
    document["devices"] = sorted(devices, key=lambda d: (d["site"], d["host"]))
    document["summary"]["devices"] = 1000
    document["summary"]["sites"] = sorted({d["site"] for d in devices})
    status = evaluate(policy, plan.facts, datetime.now(UTC))
    out = io.StringIO()

    def render() -> None:
        out.seek(0)
        out.truncate()
        packet = change_packet.packet(
            1, plan.row.plan_hash, document, status, policy, [], generated=datetime.now(UTC)
        )
        change_packet.write_html(out, packet)

    elapsed = timed(render)
    page = out.getvalue()
    json.dumps(document)  # the document is JSON-ready
    return (
        elapsed,
        len(page),
        page.count("<table class='diff'>"),
        page.count("<details class='site'"),
    )


if __name__ == "__main__":
    sys.exit(main())
