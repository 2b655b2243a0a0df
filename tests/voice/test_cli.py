"""``citynet voice route`` on a workspace whose gateway configs are fixture files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from citynet.backup.store import BackupStore
from citynet.platforms import Platform
from tests.support import FIXTURES, PROJECT, CliRunner

VOICE = FIXTURES / "voice"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The City's settings and inventory; ch-vg01's golden config is the fixed gateway."""
    root = tmp_path / "ws"
    root.mkdir()
    shutil.copy2(PROJECT / "citynet.toml", root / "citynet.toml")
    shutil.copytree(PROJECT / "inventory", root / "inventory")
    (root / "templates").mkdir()
    (root / "golden_configs").mkdir()
    shutil.copy2(VOICE / "gateway_good.cfg", root / "golden_configs" / "ch-vg01.cfg")
    shutil.copy2(VOICE / "lint" / "fail_never.cfg", root / "golden_configs" / "adm1-acc01.cfg")
    return root


def test_route_911_on_the_golden_config(cli: CliRunner, workspace: Path) -> None:
    result = cli("voice", "route", "ch-vg01", "911", cwd=workspace)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "ch-vg01: 911 (from golden_configs/ch-vg01.cfg)"
    assert lines[1] == "dial-peer 90 (pots, destination-pattern 911) is selected"
    assert any(line.startswith("92 ") and "lost: preference 1 against 0" in line for line in lines)
    assert lines[-1] == "sends 911 out of port 0/2/0:23"


def test_route_json(cli: CliRunner, workspace: Path) -> None:
    result = cli("voice", "route", "ch-vg01", "901144200123456", "--format", "json", cwd=workspace)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert (data["dial_peer"], data["sent"], data["leaves_via"]) == (
        "102",
        "01144200123456",
        "port 0/2/0:23",
    )
    assert data["steps"] == [
        "digit-strip (POTS default): the explicitly matched '9011' of 9011T is stripped: "
        "901144200123456 -> 44200123456",
        "prefix 011: 44200123456 -> 01144200123456",
    ]


def test_no_route_exits_3(cli: CliRunner, workspace: Path) -> None:
    result = cli("voice", "route", "ch-vg01", "0", cwd=workspace)
    assert (result.code, result.out.splitlines()[-1]) == (3, "no route: no dial-peer matches")


def test_running_reads_the_latest_backup(cli: CliRunner, workspace: Path) -> None:
    missing = cli("voice", "route", "ch-vg01", "911", "--running", cwd=workspace)
    assert missing.code == 1 and "no backup of its running configuration" in missing.err
    store = BackupStore(workspace / "state" / "backups")
    store.save("ch-vg01", (VOICE / "city_today_ch-vg01.cfg").read_text(), Platform.CISCO_IOSXE)
    result = cli("voice", "route", "ch-vg01", "911", "--running", "--format", "json", cwd=workspace)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["config"].startswith("backup ")
    assert (data["dial_peer"], data["sent"]) == ("100", "11")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nosuch-vg01", "911"), "no host named 'nosuch-vg01' in the inventory"),
        (("ch-vg01", "9x1"), "'9x1' is not a dialled number"),
        (("dc1-vg01", "911"), "golden_configs/dc1-vg01.cfg cannot be read"),
    ],
)
def test_errors_are_one_line(
    cli: CliRunner, workspace: Path, args: tuple[str, ...], message: str
) -> None:
    result = cli("voice", "route", *args, cwd=workspace)
    assert result.code == 1
    assert result.err.startswith("error: ") and message in result.err
    assert result.err.count("\n") == 1


def test_unmodelled_construct_is_refused(cli: CliRunner, workspace: Path) -> None:
    cube = VOICE / "cube_dpg.cfg"
    shutil.copy2(cube, workspace / "golden_configs" / "ch-vg01.cfg")
    result = cli("voice", "route", "ch-vg01", "911", cwd=workspace)
    assert result.code == 1
    assert "routing through dial-peer groups is not modelled" in result.err
    assert result.err.startswith("error: ch-vg01 (golden_configs/ch-vg01.cfg): line 2:")


def test_lint_golden_and_running(cli: CliRunner, workspace: Path) -> None:
    clean = cli("voice", "lint", "--host", "ch-vg01", cwd=workspace)
    assert clean.code == 0, clean.out + clean.err
    assert clean.out == ("1 voice gateway(s) checked: 0 error(s) on 0 gateway(s), 0 warning(s)\n")
    store = BackupStore(workspace / "state" / "backups")
    store.save("ch-vg01", (VOICE / "city_today_ch-vg01.cfg").read_text(), Platform.CISCO_IOSXE)
    running = cli(
        "voice", "lint", "--host", "ch-vg01", "--running", "--format", "json", cwd=workspace
    )
    assert running.code == 1
    data = json.loads(running.out)
    assert (data["gateways"], data["errors"], len(data["problems"])) == (1, 3, 4)
    assert {p["file"].split(" ")[0] for p in data["problems"]} == {"backup"}
    assert any("911 leaves dial-peer 100 as '11'" in p["message"] for p in data["problems"])


def test_lint_running_without_a_backup_says_so(cli: CliRunner, workspace: Path) -> None:
    result = cli("voice", "lint", "--host", "ch-vg01", "--running", cwd=workspace)
    assert result.code == 1
    assert result.out.startswith(
        "state/backups/ch-vg01: error: [ch-vg01] no backup of its running configuration "
        "(fix: take one with 'citynet backup --host ch-vg01')\n"
    )


def test_lint_selects_voice_gateways_only(cli: CliRunner, workspace: Path) -> None:
    result = cli("voice", "lint", "--host", "adm1-acc01", cwd=workspace)
    assert (result.code, result.out) == (
        0,
        "0 voice gateway(s) checked: 0 error(s) on 0 gateway(s), 0 warning(s)\n",
    )
