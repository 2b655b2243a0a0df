"""The lab's voice show commands follow each gateway's configuration and its faults."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from citynet.lab import control
from citynet.lab.config_engine import ConfigEditor, parse_config
from citynet.lab.device import LabDevice
from citynet.lab.session import CliSession
from citynet.lab.shows.model import DeviceFacts
from tests.support import CliRunner

PROJECT_ROOT = Path(__file__).resolve().parents[2]
GATEWAY = """hostname vg
!
voice-card 0/4
 dsp services dspfarm
!
controller T1 0/2/0
 framing esf
 pri-group timeslots 1-24
!
controller T1 0/2/1
 framing esf
 pri-group timeslots 1-24
!
interface Serial0/2/0:23
 no ip address
 isdn switch-type primary-ni
!
interface Serial0/2/1:23
 no ip address
 isdn switch-type primary-ni
!
voice-port 0/2/0:23
!
voice-port 0/2/1:23
!
voice-port 0/1/0
!
dial-peer voice 10 pots
 destination-pattern 5105550100
 port 0/1/0
!
dial-peer voice 100 pots
 destination-pattern 9T
 port 0/2/0:23
!
dial-peer voice 101 pots
 destination-pattern 9T
 port 0/2/1:23
!
dial-peer voice 200 voip
 destination-pattern [1-8]...
 session protocol sipv2
 session target ipv4:10.9.1.40:5060
 voice-class sip options-keepalive
!
dial-peer voice 300 voip
 shutdown
 destination-pattern 7...
 session target ipv4:10.9.1.41
!
sip-ua
 registrar ipv4:10.9.1.40 expires 3600
!
end
"""


def session(config: str = GATEWAY, voice_down: str | None = None) -> CliSession:
    device = LabDevice("vg", "127.0.0.1", 0, config, facts=DeviceFacts(model="ISR4331/K9"))
    device.faults.voice_down = voice_down
    return CliSession(device, "u", lambda _: None, lambda: None)


def rows(output: str, first: str) -> dict[str, list[str]]:
    """Table rows of ``output`` whose first column matches ``first``, by that column."""
    found: dict[str, list[str]] = {}
    for line in output.splitlines():
        words = line.split()
        if words and re.fullmatch(first, words[0]):
            found.setdefault(words[0], words)
    return found


def test_every_dial_peer_of_the_config_is_in_the_summary() -> None:
    peers = rows(session().execute("show dial-peer voice summary"), r"\d+")
    assert set(peers) == {"10", "100", "101", "200", "300"}
    assert peers["100"][:5] == ["100", "pots", "up", "up", "9T"]
    assert peers["100"][-2:] == ["up", "0/2/0:23"]
    assert peers["200"][1:5] == ["voip", "up", "up", "[1-8]..."]
    assert "ipv4:10.9.1.40:5060" in peers["200"]
    assert peers["200"][-1] == "active"  # options keepalive answered
    assert peers["300"][1:4] == ["voip", "down", "down"]  # shut in the config


def test_a_dial_peer_taken_down_by_the_fault() -> None:
    peers = rows(
        session(voice_down=r"dial-peer 200$").execute("show dial-peer voice summary"), r"\d+"
    )
    assert peers["200"][1:4] == ["voip", "up", "down"]  # admin up, oper down
    assert peers["200"][-1] == "busyout"
    assert peers["100"][3] == "up"


def test_voice_ports_from_the_config() -> None:
    output = session().execute("show voice port summary")
    lines = [x.split() for x in output.splitlines()[3:]]
    assert len([x for x in lines if x[0] == "0/2/0:23"]) == 23  # a T1 PRI's B-channels
    assert [x for x in lines if x[0] == "0/1/0"] == [
        ["0/1/0", "--", "fxs-ls", "up", "up", "on-hook", "idle", "y"]
    ]


def test_a_voice_port_taken_down_takes_its_dial_peer_down() -> None:
    cli = session(voice_down=r"voice-port 0/2/1:23")
    ports = [x.split() for x in cli.execute("show voice port summary").splitlines()[3:]]
    assert {x[4] for x in ports if x[0] == "0/2/1:23"} == {"down"}
    assert {x[4] for x in ports if x[0] == "0/2/0:23"} == {"dorm"}
    peers = rows(cli.execute("show dial-peer voice summary"), r"\d+")
    assert peers["101"][3] == "down" and peers["100"][3] == "up"


def test_isdn_follows_the_controllers() -> None:
    healthy = session().execute("show isdn status")
    assert healthy.count("State = MULTIPLE_FRAME_ESTABLISHED") == 2
    shut = GATEWAY.replace(
        "controller T1 0/2/1\n framing esf\n", "controller T1 0/2/1\n framing esf\n shutdown\n"
    )
    cli = session(shut)
    text = cli.execute("show isdn status")
    second = text[text.index("ISDN Serial0/2/1:23 interface") :]
    assert "DEACTIVATED" in second and "State = TEI_ASSIGNED" in second
    assert "MULTIPLE_FRAME_ESTABLISHED" in text[: text.index("ISDN Serial0/2/1:23")]
    assert rows(cli.execute("show dial-peer voice summary"), r"\d+")["101"][3] == "down"


def test_isdn_d_channel_fault() -> None:
    text = session(voice_down=r"Serial0/2/0:23").execute("show isdn status serial 0/2/0:23")
    assert "DEACTIVATED" in text and "TEI_ASSIGNED" in text
    assert "Serial0/2/1:23" not in text


def test_sip_registrations_follow_the_registrar() -> None:
    lines = rows(session().execute("show sip-ua register status"), r"\d+")
    assert list(lines) == ["5105550100"]  # the full number; 9T is a pattern, not a number
    assert lines["5105550100"][1:2] == ["10"] and lines["5105550100"][3] == "yes"
    lost = rows(
        session(voice_down="sip-ua register 5105550100").execute("show sip-ua register status"),
        r"\d+",
    )
    assert lost["5105550100"][3] == "no"
    no_registrar = GATEWAY.replace(" registrar ipv4:10.9.1.40 expires 3600\n", "")
    assert rows(session(no_registrar).execute("show sip-ua register status"), r"\d+") == {}


def test_dsp_groups_follow_the_voice_cards() -> None:
    text = session().execute("show voice dsp group all")
    assert text.startswith("DSP groups on slot 0/4 slot id 4")
    assert "State: UP" in text
    assert "State: DOWN" in session(voice_down="dsp 0/4").execute("show voice dsp group all")
    assert (
        session(GATEWAY.replace("voice-card 0/4\n dsp services dspfarm\n", "")).execute(
            "show voice dsp group all"
        )
        == ""
    )


def test_genie_reads_the_lab_dsp_groups() -> None:
    device_cls = pytest.importorskip("genie.conf.base").Device
    device = device_cls("vg", os="iosxe")
    parsed = device.parse(
        "show voice dsp group all", output=session().execute("show voice dsp group all")
    )
    assert parsed["dsp_groups"]["0/4"]["dsps"]["1"]["state"] == "UP"


def test_the_lab_keeps_a_dial_peers_type() -> None:
    tree, _ = parse_config(GATEWAY, strict=False)
    editor = ConfigEditor(tree, strict=False)
    assert editor.apply("dial-peer voice 100 voip").error is not None
    assert editor.apply("dial-peer voice 100").error is None  # entering it again by its tag
    assert editor.apply(" description PSTN").error is None
    assert editor.apply("no dial-peer voice 101 pots").error is None
    assert editor.apply("dial-peer voice 101 voip").error is None
    text = "\n".join(c.text for c in tree.children)
    assert "dial-peer voice 100 pots" in text and "dial-peer voice 101 voip" in text
    hundred = next(c for c in tree.children if c.text == "dial-peer voice 100 pots")
    assert "description PSTN" in [c.text for c in hundred.children]


def test_voice_down_goes_through_the_fault_file(tmp_path: Path) -> None:
    current = control.set_faults(tmp_path, "vg", voice_down="dial-peer 200$")
    assert current == {"voice_down": "dial-peer 200$"}
    assert json.loads((tmp_path / control.FAULTS_FILE).read_text())["vg"] == current


def test_the_city_gateway_answers_consistently_with_its_golden_config() -> None:
    config = (PROJECT_ROOT / "golden_configs" / "ch-vg01.cfg").read_text(encoding="utf-8")
    cli = session(config)
    tags = set(re.findall(r"^dial-peer voice (\d+) ", config, re.M))
    assert set(rows(cli.execute("show dial-peer voice summary"), r"\d+")) == tags
    d_channels = re.findall(r"^interface (Serial\S+:23)$", config, re.M)
    isdn = cli.execute("show isdn status")
    assert re.findall(r"^ISDN (\S+) interface", isdn, re.M) == d_channels
    assert isdn.count("MULTIPLE_FRAME_ESTABLISHED") == len(d_channels)
    ports = {x.split()[0] for x in cli.execute("show voice port summary").splitlines()[3:]}
    assert ports == set(re.findall(r"^voice-port (\S+)$", config, re.M))


def test_a_shut_uplink_loses_its_neighbours_and_hsrp_goes_to_init() -> None:
    from citynet.lab.shows.model import Neighbor

    config = (
        "hostname sw\n!\ninterface GigabitEthernet1/0/1\n description uplink\n!\n"
        "interface Vlan10\n ip address 10.0.0.2 255.255.255.0\n standby 1 ip 10.0.0.1\n"
        " standby 1 priority 110\n!\nend\n"
    )
    uplink = Neighbor("GigabitEthernet1/0/1", "core1", "TwentyFiveGigE1/0/5", "C9500", "10.9.0.1")

    def answers(text: str) -> tuple[str, str, str]:
        device = LabDevice("sw", "127.0.0.1", 0, text, facts=DeviceFacts(neighbors=(uplink,)))
        cli = CliSession(device, "u", lambda _: None, lambda: None)
        return (
            cli.execute("show cdp neighbors detail"),
            cli.execute("show lldp neighbors"),
            cli.execute("show standby brief"),
        )

    cdp, lldp, hsrp = answers(config)
    assert "core1" in cdp and "core1" in lldp and " Active " in hsrp
    shut = config.replace(" description uplink\n", " description uplink\n shutdown\n")
    shut = shut.replace(" standby 1 priority 110\n", " standby 1 priority 110\n shutdown\n")
    cdp, lldp, hsrp = answers(shut)
    assert "core1" not in cdp and "core1" not in lldp
    assert "Total entries displayed: 0" in lldp
    assert " Init " in hsrp


def test_lab_fault_voice_down_refuses_a_broken_pattern(cli: CliRunner) -> None:
    result = cli("lab", "fault", "vg", "--voice-down", "dial-peer (200", cwd=PROJECT_ROOT)
    assert result.code == 1
    assert "--voice-down 'dial-peer (200' is not a regular expression" in result.err
    assert "Traceback" not in result.err
