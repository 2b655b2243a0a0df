"""The show registry: abbreviations, IOS's answers to what the lab does not model, coverage."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from citynet.inventory.loader import load_inventory
from citynet.lab.cli_parser import Parsed, resolve
from citynet.lab.keywords import LINE, command_tree
from citynet.lab.session import CliSession
from citynet.lab.shows.model import is_router
from citynet.lab.shows.registry import SHOW_COMMANDS
from citynet.lab.specs import device_from_spec, specs_from_hosts
from tests.lab.conftest import FIXTURES, PROJECT_ROOT, make_device

PROMPT = "sw1#"
INVALID = "% Invalid input detected at '^' marker."
# The City devices the lab tests start from their golden configs (see test_genie.py).
CITY = ("ch-core01", "fs01-acc01", "fs01-rtr01", "ch-vg01", "fs01-vg01", "pk01-acc01")


def session(config: str | None = None) -> CliSession:
    """A privileged session on the fixture switch (or on ``config``)."""
    device = make_device("sw1", "127.0.0.1", **({"config": config} if config else {}))
    return CliSession(device, "admin", lambda _: None, lambda: None)


def caret_column(output: str) -> int:
    """Where the ``^`` of an invalid-input answer points, counted from the prompt."""
    caret, message, *_ = output.splitlines()
    assert message == INVALID, output
    assert caret.strip() == "^", output
    return caret.index("^") - len(PROMPT)


def answer(line: str, cli: CliSession | None = None) -> str:
    """What the fixture switch prints for ``line`` typed at ``sw1#``."""
    return (cli or session()).execute(line, len(PROMPT))


# -- what IOS answers -------------------------------------------------------------------
@pytest.mark.parametrize("word", ["frobnicate", "logging", "users", "spanning-tree", "ntp"])
def test_unknown_show_word_is_invalid_input_under_the_word(word: str) -> None:
    """Words the lab does not model (``show logging`` too) get IOS's invalid-input answer."""
    output = answer(f"show {word}")
    assert output == " " * (len(PROMPT) + len("show ")) + "^\n" + INVALID + "\n\n"
    assert caret_column(output) == len("show ")


@pytest.mark.parametrize(
    ("line", "offending"),
    [
        ("show ip interface bogus", "bogus"),
        ("show ip protocols", "protocols"),
        ("show cdp neighbors sideways", "sideways"),
        ("show vlan id 10", "id"),
        ("show isdn active", "active"),
        ("show version detail", "detail"),
        ("sh int gi1/0/1 switchport", "switchport"),
        ("show interfaces gi9/9/9", "gi9/9/9"),
        ("show running-config interface Loopback99", "Loopback99"),
        ("show archive config differences a b c", "c"),
    ],
)
def test_unknown_sub_word_of_a_known_family_is_invalid_under_it(line: str, offending: str) -> None:
    assert caret_column(answer(line)) == line.rindex(offending)


@pytest.mark.parametrize(
    "line", ["show", "sh ip", "show archive config", "show isdn status serial", "show ip ospf"]
)
def test_incomplete_show(line: str) -> None:
    assert answer(line) == "% Incomplete command.\n\n"


@pytest.mark.parametrize("line", ["show i", "sh int s", "show v", "sh c"])
def test_ambiguous_abbreviation(line: str) -> None:
    assert answer(line) == f'% Ambiguous command:  "{line}"\n'


def test_a_pipe_does_not_filter_away_a_parser_error() -> None:
    output = answer("show interfaces gi9/9/9 | include Gigabit")
    assert caret_column(output) == len("show interfaces ")


# -- abbreviations ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "full"),
    [
        ("sh ip int br", "show ip interface brief"),
        ("show int status", "show interfaces status"),
        ("sh cdp nei det", "show cdp neighbors detail"),
        ("sh int desc", "show interfaces description"),
        ("sh vl br", "show vlan brief"),
        ("show proc cpu", "show processes cpu"),
        ("show env temperature status", "show environment temperature status"),
        ("sh run int Gi1/0/3", "show running-config interface GigabitEthernet1/0/3"),
        ("sh int gigabitethernet 1/0/1", "show interfaces GigabitEthernet1/0/1"),
        ("sh run | i ^hostname", "show running-config | include ^hostname"),
    ],
)
def test_abbreviations_answer_as_the_full_command(typed: str, full: str) -> None:
    cli = session()
    expected = cli.execute(full)
    assert expected.strip()
    assert cli.execute(typed) == expected


def test_isdn_status_of_one_serial_d_channel() -> None:
    cli = session((FIXTURES / "vg1.cfg").read_text(encoding="utf-8"))
    channels = re.findall(r"^interface Serial(\S+:(?:15|23))$", cli.device.running_text(), re.M)
    assert channels
    for channel in channels:
        output = cli.execute(f"show isdn status serial {channel}")
        assert f"ISDN Serial{channel} interface" in output
        assert output.count(" interface\n") == 1


# -- the registry and the parser agree ----------------------------------------------------
@pytest.mark.parametrize("key", list(SHOW_COMMANDS), ids=" ".join)
def test_every_registered_command_resolves_to_its_keywords(key: tuple[str, ...]) -> None:
    words = [w for w in key if w != LINE] + (["x"] if key[-1] == LINE else [])
    parsed = resolve("show " + " ".join(words))
    assert isinstance(parsed, Parsed)
    assert parsed.keywords == ("show", *(w for w in key if w != LINE))
    assert parsed.args == (("x",) if key[-1] == LINE else ())


def test_line_is_only_the_last_word_of_a_command() -> None:
    with pytest.raises(ValueError, match="not a command"):
        command_tree([("interfaces", LINE, "status")])


# -- every registered command answers on the City devices ---------------------------------
@cache
def city_sessions() -> dict[str, CliSession]:
    """Sessions on the City devices, started from their golden configs."""
    inventory = load_inventory(PROJECT_ROOT / "inventory")
    texts = {h: (PROJECT_ROOT / "golden_configs" / f"{h}.cfg").read_text() for h in CITY}
    return {
        spec.name: CliSession(device_from_spec(spec, port=0), "u", lambda _: None, lambda: None)
        for spec in specs_from_hosts(inventory.views.values(), texts)
        if spec.name in CITY
    }


def example(key: tuple[str, ...], cli: CliSession) -> str | None:
    """A command line for ``key`` on this device (None: its argument does not exist here)."""
    if key[-1] != LINE:
        return "show " + " ".join(key)
    config = cli.device.running_text()
    first_interface = re.search(r"^interface (\S+)$", config, re.M)
    d_channel = re.search(r"^interface Serial(\S+:(?:15|23))$", config, re.M)
    argument = {
        ("interfaces", LINE): first_interface and first_interface.group(1),
        ("running-config", "interface", LINE): first_interface and first_interface.group(1),
        ("isdn", "status", "serial", LINE): d_channel and d_channel.group(1),
        ("archive", "config", "differences", LINE): "nvram:startup-config system:running-config",
        ("archive", "config", "incremental-diffs", LINE): "nvram:startup-config",
    }[key]
    return None if argument is None else "show " + " ".join(key[:-1]) + " " + argument


def prints_nothing_on_ios(key: tuple[str, ...], cli: CliSession) -> bool:
    """The few answers that are empty on a real device too."""
    if key == ("interfaces", "switchport"):
        return is_router(cli.device.facts.model)  # a router has no switch ports
    config = cli.device.running_text()
    if key == ("ip", "ospf", "neighbor"):
        return "router ospf" in config  # no adjacency on passive links
    if key == ("voice", "dsp", "group", "all"):
        return "\nvoice-card " not in config  # no DSP module
    if key == ("ephone", "registered"):
        return "\nephone " not in config  # SRST: phones register only while the WAN is down
    return False


@pytest.mark.parametrize("key", list(SHOW_COMMANDS), ids=" ".join)
def test_every_registered_command_answers_on_the_city_devices(key: tuple[str, ...]) -> None:
    answered = []
    for name, cli in city_sessions().items():
        line = example(key, cli)
        if line is None:
            continue
        output = cli.execute(line)
        assert INVALID not in output and "% Incomplete" not in output, (name, line, output)
        if output.strip():
            answered.append(name)
        else:
            assert prints_nothing_on_ios(key, cli), f"{line!r} printed nothing on {name}"
    assert answered or key in EMPTY_ON_EVERY_CITY_DEVICE, (
        f"show {' '.join(key)} printed nothing on any City device"
    )


# No City gateway has static SCCP phones: in SRST they register only while the WAN is
# down, so the command prints nothing (tests/state answers it with phones configured).
EMPTY_ON_EVERY_CITY_DEVICE = {("ephone", "registered")}


def test_city_devices_are_the_ones_the_lab_tests_use() -> None:
    assert set(city_sessions()) == set(CITY)
    assert all(Path(PROJECT_ROOT / "golden_configs" / f"{h}.cfg").is_file() for h in CITY)
