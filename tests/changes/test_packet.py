"""The change board's packet: HTML checked in headless Chromium and printed to PDF, Markdown,
JSON; compliant devices as counts; a 1,000-device rollout stays readable."""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from citynet.changes.approvals import Status
from citynet.changes.policy import Policy, Quorum, policy_from_text
from citynet.report import change_packet
from tests.changes.conftest import Person, policy_text
from tests.support import CliRunner, require

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TITLE = "Bring FS01 & LIB1 back <script>alert('x')</script>"


def chromium(tmp_path: Path, *args: str) -> str:
    require("chromium", CHROMIUM is not None, ".ci/run installs Debian's chromium")
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    ).stdout


@pytest.fixture
def packet_files(
    workspace: Path, people: dict[str, Person], cli: CliRunner, tmp_path: Path
) -> dict[str, Path]:
    """One change planned, approved once, refused once, reported in three formats."""
    env = {"HOME": str(tmp_path / "home")}

    def run(*args: str) -> None:
        result = cli(*args, env=env, cwd=workspace)
        assert result.code in (0, 1, 3), result.err

    run(
        "change",
        "plan",
        "--site",
        "FS01",
        "--site",
        "LIB1",
        "--site",
        "FS02",
        "--from",
        "drift",
        "--title",
        TITLE,
        "--ticket",
        "CHG-7",
        "--key",
        str(people["alice"].key),
    )
    run("change", "approve", "1", "--comment", "looks right", "--key", str(people["bob"].key))
    run("change", "approve", "1", "--key", str(people["alice"].key))
    files = {}
    for fmt, suffix in (("html", "html"), ("markdown", "md"), ("json", "json")):
        files[fmt] = tmp_path / f"change-1.{suffix}"
        run("change", "report", "1", "--format", fmt, "--output", str(files[fmt]))
    return files


@pytest.fixture
def workspace(workspace: Path) -> Path:
    """FS02 has no backups; plan only what has them."""
    from tests.changes.conftest import seed_backups

    seed_backups(workspace, ("fs02-rtr01", "fs02-acc01", "fs02-acc02", "fs02-vg01"), {})
    return workspace


def test_the_html_packet_in_chromium_and_printed_to_pdf(
    packet_files: dict[str, Path], tmp_path: Path
) -> None:
    page = packet_files["html"].read_text()
    assert "<script" not in page and "&lt;script&gt;" in page
    assert not re.search(r"(src|href)=['\"]?(https?:|//)", page)
    assert "@media print" in page and "@page" in page
    dom = chromium(
        tmp_path, "--virtual-time-budget=2000", "--dump-dom", packet_files["html"].as_uri()
    )
    assert "<title>Change 1: Bring FS01 &amp; LIB1 back &lt;script&gt;" in dom
    assert '<span class="badge s-awaiting" id="status">awaiting approval</span>' in dom
    # risk and summary first, then approvals, then sites and devices
    order = [
        dom.index(marker)
        for marker in (
            'id="summary"',
            'id="risks"',
            'id="quorum"',
            'id="history"',
            'id="sites"',
            'id="device-fs01-acc02"',
        )
    ]
    assert order == sorted(order)
    assert '<tr data-flag="public_safety">' in dom
    assert '<tr data-approver="bob">' in dom
    assert '<tr data-action="refused">' in dom and "may not approve" in dom
    assert '<tr data-site="FS01">' in dom and '<tr data-site="LIB1">' in dom
    # compliant devices and untouched sites are counts, never rows
    assert 'data-host="fs01-acc01"' not in dom and 'data-site="FS02"' not in dom
    assert '<span id="compliant">9 selected device(s) are compliant</span>' in dom
    assert '<tr class="untouched"><td colspan="2">1 other site(s)</td>' in dom
    device = dom[dom.index('id="device-fs01-acc02"') :]
    assert '<td class="l old">description Lobby kiosk</td>' in device
    assert '<td class="l new">description User port</td>' in device
    assert "logging host 10.0.76.12" in device.split('class="commands"')[1].split("</pre>")[0]
    assert "no logging host 10.0.76.12" in device.split('class="rollback"')[1].split("</pre>")[0]

    pdf = tmp_path / "change-1.pdf"
    chromium(
        tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", packet_files["html"].as_uri()
    )
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert 1 <= pages <= 6
    assert b"/MediaBox [0 0 612 792]" in data  # US letter, as @page asks
    assert b"/Title (Change 1: Bring FS01 & LIB1 back <script>" in data


def test_the_markdown_and_json_packets(packet_files: dict[str, Path]) -> None:
    markdown = packet_files["markdown"].read_text()
    assert markdown.startswith("# Change 1: Bring FS01 & LIB1 back &lt;script>")
    sections = ["## Risk and summary", "## Approvals", "## Sites and devices"]
    assert [markdown.index(s) for s in sections] == sorted(markdown.index(s) for s in sections)
    assert "| Ticket | CHG-7 |" in markdown
    assert "| Risk | high (public_safety) |" in markdown
    assert "```diff\n- interface GigabitEthernet1/0/5 > description Lobby kiosk\n" in markdown
    assert (
        "| FS01 | fire_station | 1 | 3 | logging, interfaces | +2 -1 | public_safety |" in markdown
    )
    assert "| 1 other site(s) | | 0 | 4 | | | |" in markdown
    packet = json.loads(packet_files["json"].read_text())
    assert packet["title"] == TITLE and packet["ticket"] == "CHG-7"
    assert packet["status"]["state"] == "awaiting approval"
    assert packet["risk"]["flags"][0]["hosts"] == ["fs01-acc02"]
    assert packet["untouched"] == {"devices": 9, "sites": 1, "site_devices": 4}
    assert [h["action"] for h in packet["history"]] == ["plan", "approve", "refused"]
    assert [d["host"] for s in packet["sites"] for d in s["devices"]] == [
        "fs01-acc02",
        "lib1-acc01",
    ]


# ---------------------------------------------------------------------------- large plans
def _status(policy: Policy) -> Status:
    return Status(
        1,
        "awaiting approval",
        Quorum("medium", 1, frozenset({"network"})),
        reasons=["needs 1 more approval(s) from network"],
    )


def large_document(devices: int, sites: int) -> dict[str, Any]:
    """A rollout of one template change to many devices (three variants of it)."""
    base = {
        "host": "",
        "site": "",
        "site_kind": "library",
        "role": "access",
        "platform": "cisco_iosxe",
        "running_source": "backup",
        "pre_hash": "a" * 64,
        "post_hash": "b" * 64,
        "candidate_sha256": None,
        "rollback_method": "commands",
        "features": ["logging"],
        "added": 1,
        "removed": 1,
        "reordered": 0,
        "risks": [],
        "lockout": [],
        "needs_secrets": False,
    }
    entries = []
    for index in range(devices):
        variant = index % 3
        entry = copy.deepcopy(base)
        entry.update(
            host=f"s{index % sites:03d}-acc{index:04d}",
            site=f"S{index % sites:03d}",
            commands=[f"logging host 10.0.{variant}.12", "no logging host 10.0.9.9"],
            rollback=[f"no logging host 10.0.{variant}.12", "logging host 10.0.9.9"],
            changes=[
                {"kind": "missing", "path": [], "line": f"logging host 10.0.{variant}.12"},
                {"kind": "extra", "path": [], "line": "logging host 10.0.9.9"},
            ],
        )
        entries.append(entry)
    entries.sort(key=lambda d: (d["site"], d["host"]))
    return {
        "title": "New syslog servers",
        "ticket": "",
        "created_at": "2026-03-03T15:00:00Z",
        "author": {"name": "alice", "key": "SHA256:x"},
        "predecessor": None,
        "source": {"kind": "golden", "running": "backups", "commit": "c" * 40, "dirty": []},
        "mode": "merge",
        "emergency": None,
        "allow_lockout": None,
        "policy_hash": "p" * 64,
        "summary": {
            "sites": sorted({d["site"] for d in entries}),
            "devices": devices,
            "features": ["logging"],
            "added": devices,
            "removed": devices,
            "risks": {},
        },
        "untouched": {"compliant": {"S000": 2, "OTHER": 40}},
        "devices": entries,
    }


def test_a_thousand_device_packet_stays_readable(people: dict[str, Person], tmp_path: Path) -> None:
    policy = policy_from_text(policy_text(people))
    document = large_document(1000, 85)
    packet = change_packet.packet(
        1,
        "h" * 64,
        document,
        _status(policy),
        policy,
        [],
        generated=datetime(2026, 3, 3, tzinfo=UTC),
    )
    assert [s["label"] for s in packet["change_sets"]] == ["A", "B", "C"]
    out = io.StringIO()
    change_packet.write_html(out, packet)
    page = out.getvalue()
    # each distinct change is shown once; the other devices point to it
    assert page.count("<table class='diff'>") == 3
    assert page.count("<p class='same'") == 997
    # sites are collapsed (and listed once each in the summary table)
    assert (
        page.count("<details class='site'") == 85
        and "<details class='site' id='site-S000' open>" not in page
    )
    assert page.count("<tr data-site=") == 85
    assert len(page) < 1_500_000
    small = change_packet.packet(
        1,
        "h" * 64,
        large_document(12, 4),
        _status(policy),
        policy,
        [],
        generated=datetime(2026, 3, 3, tzinfo=UTC),
    )
    out = io.StringIO()
    change_packet.write_html(out, small)
    assert out.getvalue().count("<details class='site'") == out.getvalue().count(" open>")
    markdown = io.StringIO()
    change_packet.write_markdown(markdown, packet)
    assert markdown.getvalue().count("```diff") == 3
    assert markdown.getvalue().count("Same change as change set") == 997


def test_the_packet_at_a_terminal(
    packet_files: dict[str, Path], workspace: Path, cli: CliRunner, tmp_path: Path
) -> None:
    result = cli("change", "report", "1", env={"HOME": str(tmp_path)}, cwd=workspace)
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[:3] == [
        f"change 1: {TITLE}",
        "status: awaiting approval",
        "  - needs 1 more approval(s) from cab, network",
    ]
    text = result.out
    assert "Ticket         CHG-7" in text and "Risk           high (public_safety)" in text
    assert "  entry 2: bob at " in text and "(counts)" in text
    assert "refused approve: alice (person; roles plan, apply) may not approve" in text
    assert "FS01 (fire_station): 1 device(s), 3 compliant, +2 -1" in text
    assert "    - interface GigabitEthernet1/0/5 > description Lobby kiosk\n" in text
    assert "    + interface GigabitEthernet1/0/5 > description User port\n" in text
    assert "    rollback:\n      interface GigabitEthernet1/0/5\n" in text


def test_every_format_of_a_busy_packet(people: dict[str, Person], tmp_path: Path) -> None:
    """An emergency replace of shared changes, an ACL reordered, a lockout allowed, frozen."""
    from citynet.changes import service
    from citynet.changes.store import ChangeStore
    from tests.changes.board import Board, drifted

    policy = policy_from_text(policy_text(people))
    acl = (
        " 10 permit 10.0.44.30\n 20 permit 10.0.76.30\n",
        " 10 permit 10.0.76.30\n 20 permit 10.0.44.30\n",
    )
    port = "interface GigabitEthernet1/0/5\n description User port\n"
    devices = [
        drifted("lib1-acc01", port, port.replace("User", "Kiosk"), site="LIB1", kind="library"),
        drifted("lib1-acc02", port, port.replace("User", "Kiosk"), site="LIB1", kind="library"),
        drifted("lib2-acc01", *acl, site="LIB2", kind="library"),
        drifted(
            "lib2-acc02",
            " 20 permit 10.0.76.48 0.0.0.7\n",
            " 20 permit 10.0.76.48 0.0.0.7\n 25 permit 10.9.9.0 0.0.0.255\n",
            site="LIB2",
            kind="library",
        ),
    ]
    with ChangeStore.open(f"sqlite:///{tmp_path}/c.db") as store:
        board = Board(store, policy, people, now=datetime(2026, 11, 1, 6, 40, tzinfo=UTC))
        for mode in ("merge", "replace"):
            change = board.plan(
                devices=devices, emergency="storm", mode=mode, allow_lockout="console on site"
            )
            with store.read() as session:
                plan = service.load_plan(session, change)
            status = service.status_of(policy, plan, board.now)
            data = change_packet.packet(
                change, plan.row.plan_hash, plan.document, status, policy, [], generated=board.now
            )
            pages = {}
            for name, writer in change_packet.PACKET_FORMATS.items():
                out = io.StringIO()
                writer(out, data)
                pages[name] = out.getvalue()
            # merge: the two libraries' identical commands are one change set; replace: each
            # device's candidate is its own
            shared = ["A"] if mode == "merge" else []
            assert [s["label"] for s in data["change_sets"]] == shared
            assert "EMERGENCY CHANGE: storm" in pages["table"]
            assert "Lockout risk allowed  console on site" in pages["table"]
            assert "| Lockout risk allowed | console on site |" in pages["markdown"]
            assert (
                "lockout risk: ip access-list standard MGMT-ACCESS &gt; permit 10.9.9.0"
                in (pages["html"])
            )
            assert ("    same change as change set A\n" in pages["table"]) is (mode == "merge")
            assert "~ ip access-list standard SNMP-ACCESS > permit 10.0.44.30" in pages["table"]
            assert "<tr class='order'>" in pages["html"]
            assert "frozen: Clock change" in pages["table"]
            if mode == "replace":
                assert "replace with candidate sha256 " in pages["table"]
                assert "Replaces the whole configuration with the candidate" in pages["html"]
                assert "Replaces the whole configuration with the candidate" in pages["markdown"]
                assert "replaced back with its pre-change configuration" in pages["html"]
            assert json.loads(pages["json"])["emergency"] == "storm"
