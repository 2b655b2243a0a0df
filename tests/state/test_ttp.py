"""Each TTP template on real device output from the corpus and on the lab's output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from citynet.state.features import FEATURES, ShowCommand
from citynet.state.parse import StateParseError, parse_command
from tests.state.conftest import cli, fixture_text, lab_device
from tests.support import corpus_files

pytest.importorskip("ttp")

ISDN = ShowCommand("show isdn status", "ttp", "isdn_status")
ISDN_REAL = [
    *corpus_files("ntc-templates/tests/cisco_ios/show_isdn_status", "*.raw"),
    *corpus_files("ttp_templates/test/mock_data", "cisco_ios_show_isdn_status.txt"),
]


def _command(text: str) -> ShowCommand:
    return next(c for f in FEATURES.values() for c in f.commands if c.command == text)


@pytest.mark.parametrize("path", ISDN_REAL, ids=lambda p: p.name)
def test_isdn_template_reads_every_real_d_channel(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    rows = parse_command(ISDN, "cisco_ios", text)
    # every "ISDN X interface" block of the real output, with its layer 1 and layer 2 state
    expected = {
        m.group(1): (m.group(2), m.group(3))
        for m in re.finditer(
            r"ISDN (\S+) interface\n.*?Layer 1 Status:\s+(\w+).*?State = (\w+)", text, re.S
        )
    }
    assert len(expected) >= 3
    got = {name: (row["layer1"], row["layer2"]) for name, row in rows.items()}
    assert got == {
        ("Serial" + n.removeprefix("Serial")) if n.startswith("Serial") else n: v
        for n, v in expected.items()
    }


def test_isdn_template_reads_a_deactivated_bri() -> None:
    (path,) = [p for p in ISDN_REAL if p.suffix == ".txt"] or [None]
    if path is None:
        pytest.skip("ttp_templates mock data missing")
    rows = parse_command(ISDN, "cisco_ios", path.read_text(encoding="utf-8"))
    assert rows["BRI0/2/0"]["layer1"] == "DEACTIVATED"
    assert rows["BRI0/1/0"]["layer1"] == "ACTIVE"


def test_isdn_template_on_the_lab() -> None:
    session = cli(lab_device(fixture_text("vg-sip.cfg")))
    rows = parse_command(ISDN, "cisco_iosxe", session.execute("show isdn status"))
    assert rows == {
        "Serial0/2/0:23": {
            "layer1": "ACTIVE",
            "layer2": "MULTIPLE_FRAME_ESTABLISHED",
            "switch_type": "primary-ni",
            "calls": "0",
            "ccbs": "0",
            "channel_mask": "0x807FFFFF",
            "l2_discards": "0",
            "l2_session": "1",
        }
    }


def test_dial_peer_template_on_the_lab() -> None:
    session = cli(lab_device(fixture_text("vg-sip.cfg")))
    command = _command("show dial-peer voice summary")
    rows = parse_command(command, "cisco_iosxe", session.execute(command.command))
    assert rows["dial-peer 10"] == {
        "type": "pots",
        "admin": "up",
        "oper": "up",
        "pattern": "5105550100",
        "preference": "0",
        "port": "0/1/0",
        "out_status": "up",
    }
    assert rows["dial-peer 200"]["target"] == "ipv4:10.9.1.40:5060"
    assert rows["dial-peer 200"]["keepalive"] == "active"
    assert rows["dial-peer 300"]["pattern"] == ""  # an inbound peer: no pattern, no target
    assert "target" not in rows["dial-peer 300"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # IOS-XE 16/17 rows as printed (columns left empty where a peer has no value)
        (
            "2000   voip  up   up             2...               0  syst ipv4:10.1.1.1:5060"
            "                   active",
            {"pattern": "2...", "target": "ipv4:10.1.1.1:5060", "keepalive": "active"},
        ),
        (
            "911    pots  up   down           911                5                      down 0/1/0",
            {"pattern": "911", "preference": "5", "oper": "down", "port": "0/1/0"},
        ),
        (
            "1      voip  up   up   9         1234               0  syst sip-server",
            {"prefix": "9", "pattern": "1234", "target": "sip-server"},
        ),
    ],
)
def test_dial_peer_template_on_rows_as_ios_prints_them(line: str, expected: dict[str, str]) -> None:
    header = (
        "dial-peer hunt 0\n"
        "             AD                                    PRE PASS                OUT\n"
        "TAG    TYPE  MIN  OPER PREFIX    DEST-PATTERN      FER THRU SESS-TARGET    STAT PORT"
        "    KEEPALIVE\n"
    )
    command = _command("show dial-peer voice summary")
    (row,) = parse_command(command, "cisco_iosxe", header + line + "\n").values()
    assert {k: row.get(k, "") for k in expected} == expected


def test_voice_port_template_on_the_lab() -> None:
    session = cli(lab_device(fixture_text("vg-sip.cfg")))
    command = _command("show voice port summary")
    rows = parse_command(command, "cisco_iosxe", session.execute(command.command))
    assert len([r for r in rows if r.startswith("voice-port 0/2/0:23 channel")]) == 23
    assert rows["voice-port 0/1/0"]["sig_type"] == "fxs-ls"
    assert rows["voice-port 0/1/0"]["oper"] == "up"


def test_sip_templates_on_the_lab() -> None:
    session = cli(lab_device(fixture_text("vg-sip.cfg")))
    rows = {}
    for command in FEATURES["sip"].commands:
        rows.update(parse_command(command, "cisco_iosxe", session.execute(command.command)))
    assert rows["user agent over UDP"] == {"state": "ENABLED"}
    # the registrar registers the full number of the POTS peer, not the 9T one
    assert [r for r in rows if r.startswith("registration")] == ["registration of 5105550100"]
    assert rows["registration of 5105550100"]["registered"] == "yes"


def test_srst_templates_on_the_lab() -> None:
    session = cli(lab_device(fixture_text("vg-sip.cfg")))
    rows = {}
    for command in FEATURES["srst"].commands:
        rows.update(parse_command(command, "cisco_iosxe", session.execute(command.command)))
    assert rows["phone 0022.5555.9A10"] == {
        "state": "REGISTERED",
        "protocol": "SIP",
        "ip": "10.0.0.3",
        "number": "5101",
    }
    assert rows["phone 0021.A0DC.9981"]["protocol"] == "SCCP"


def test_a_rejected_command_is_a_parse_error() -> None:
    rejected = (
        "show voice register pool all brief\n"
        "                    ^\n"
        "% Invalid input detected at '^' marker.\n"
    )
    with pytest.raises(StateParseError, match="rejected"):
        parse_command(_command("show voice register pool all brief"), "cisco_ios", rejected)
