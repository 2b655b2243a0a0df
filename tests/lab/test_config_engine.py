"""The configuration engine: IOS semantics without any SSH."""

from __future__ import annotations

from pathlib import Path

import pytest

from citynet.lab.archive import contextual_diff, incremental_diff
from citynet.lab.config_engine import ConfigEditor, ConfigNode, parse_config, render_body
from tests.lab.conftest import FIXTURES
from tests.support import corpus_files


def apply_all(lines: list[str], root: ConfigNode | None = None) -> tuple[ConfigNode, list[str]]:
    tree = root or ConfigNode("")
    editor = ConfigEditor(tree)
    errors = []
    for line in lines:
        result = editor.apply(line)
        if result.error is not None:
            errors.append(f"{line} -> {result.error.kind}")
    return tree, errors


def body(tree: ConfigNode) -> list[str]:
    return [line for line in render_body(tree) if line.strip() != "!"]


def test_keyed_replacement_and_no_forms() -> None:
    tree, errors = apply_all(
        [
            "hostname a",
            "hostname b",
            "interface GigabitEthernet1/0/1",
            " ip address 10.0.0.1 255.255.255.0",
            " ip address 10.0.0.2 255.255.255.0",
            " shutdown",
            " description first",
            " description second",
            " no shutdown",
            "exit",
            "interface Loopback0",
            " no ip address",
        ]
    )
    assert errors == []
    assert body(tree) == [
        "hostname b",
        "interface GigabitEthernet1/0/1",
        " description second",
        " ip address 10.0.0.2 255.255.255.0",
        "interface Loopback0",
        " no ip address",
    ]


def test_submode_falls_back_to_global_and_abbreviations() -> None:
    lines = ["int gi1/0/2", "desc x", "no shut", "ip route 0.0.0.0 0.0.0.0 1.1.1.1"]
    tree, errors = apply_all(lines)
    assert errors == []
    assert body(tree) == [
        "interface GigabitEthernet1/0/2",
        " description x",
        "ip route 0.0.0.0 0.0.0.0 1.1.1.1",
    ]


def test_parser_errors() -> None:
    _, errors = apply_all(["hostnme x", "hostname", "interface Gi1/0/1", " frobnicate"])
    assert errors == [
        "hostnme x -> invalid",
        "hostname -> incomplete",
        " frobnicate -> invalid",
    ]
    editor = ConfigEditor(ConfigNode(""))
    result = editor.apply("  ip routee 1 2 3")
    assert result.error is not None


def test_acl_sequence_numbers() -> None:
    tree, errors = apply_all(
        [
            "ip access-list extended EDGE",
            "permit tcp any any eq 22",
            "deny ip any any",
            "15 permit udp any any eq 161",
            "no 20",
            "remark end",
        ]
    )
    assert errors == []
    assert body(tree) == [
        "ip access-list extended EDGE",
        " permit tcp any any eq 22",
        " permit udp any any eq 161",
        " remark end",
    ]
    text = "ip access-list extended X\n 10 permit ip any any\n 20 deny   ip any any\n"
    numbered, _ = parse_config(text)
    assert body(numbered) == [
        "ip access-list extended X",
        " 10 permit ip any any",
        " 20 deny   ip any any",
    ]


def test_banners() -> None:
    tree, errors = apply_all(["banner motd ^C", "Authorised", "access only", "^C", "hostname z"])
    assert errors == []
    assert body(tree)[:1] == ["hostname z"]
    assert "banner motd ^C\nAuthorised\naccess only\n^C" in "\n".join(render_body(tree))
    single, _ = apply_all(["banner login #Hello#"])
    assert body(single) == ["banner login ^CHello^C"]


def test_route_map_and_sections() -> None:
    tree, errors = apply_all(
        [
            "route-map RM permit 10",
            "match ip address 10",
            "route-map RM deny 10",
            "router bgp 65000",
            "neighbor 1.1.1.1 remote-as 1",
            "address-family ipv4",
            "neighbor 1.1.1.1 activate",
            "exit-address-family",
            "neighbor 1.1.1.1 description peer",
        ]
    )
    assert errors == []
    assert body(tree) == [
        "router bgp 65000",
        " neighbor 1.1.1.1 remote-as 1",
        " neighbor 1.1.1.1 description peer",
        " address-family ipv4",
        "  neighbor 1.1.1.1 activate",
        " exit-address-family",
        "route-map RM deny 10",
        " match ip address 10",
    ]


def test_fixture_round_trip() -> None:
    text = (FIXTURES / "sw1.cfg").read_text(encoding="utf-8")
    tree, errors = parse_config(text, strict=True)
    assert errors == []
    expected = [x for x in text.splitlines() if x.strip() and x.strip() != "!" and x != "end"]
    assert body(tree) == expected


def _superseded(lines: list[str]) -> list[str]:
    """Drop ``no X`` lines that a later ``X`` in the same file overrides (IOS keeps one)."""
    positives = {line for line in lines if not line.startswith("no ")}
    return [line for line in lines if not (line.startswith("no ") and line[3:] in positives)]


BATFISH = corpus_files("batfish/networks/example/live/configs", "*.cfg")


@pytest.mark.skipif(not BATFISH, reason="../shared/corpus is not available")
@pytest.mark.parametrize("path", BATFISH, ids=lambda p: p.name)
def test_batfish_configs_round_trip(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    tree, errors = parse_config(text, strict=True)
    assert errors == []
    source = [x.rstrip() for x in text.splitlines() if x.strip() and not x.strip().startswith("!")]
    source = [x for x in source if x != "end"]
    assert body(tree) == _superseded(source)


def test_contextual_and_incremental_diffs() -> None:
    base, _ = parse_config("hostname a\ninterface Loopback0\n description old\n")
    new, _ = parse_config("hostname b\ninterface Loopback0\n description new\n")
    assert contextual_diff(base, new).splitlines() == [
        "!Contextual Config Diffs:",
        "+hostname b",
        "interface Loopback0",
        " +description new",
        "-hostname a",
        "interface Loopback0",
        " -description old",
    ]
    assert contextual_diff(base, base) == "!No changes were found"
    merge, _ = parse_config("interface Loopback0\n description old\n shutdown\n")
    assert incremental_diff(base, merge).splitlines() == [
        "!List of Commands:",
        "interface Loopback0",
        " shutdown",
        "end",
    ]


def test_trunk_allowed_vlan_add_and_remove() -> None:
    tree, errors = apply_all(
        [
            "interface Te1/1/1",
            "switchport trunk allowed vlan 10,20,30-35",
            "switchport trunk allowed vlan add 100,200",
            "switchport trunk allowed vlan remove 35",
            "switchport trunk allowed vlan add 40",
        ]
    )
    assert errors == []
    assert body(tree) == [
        "interface TenGigabitEthernet1/1/1",
        " switchport trunk allowed vlan 10,20,30-34,40,100,200",
    ]


def test_default_on_commands_and_shown_negations() -> None:
    tree, errors = apply_all(
        [
            "no ip domain lookup",
            "logging console informational",
            "no logging console informational",
            "no logging console",
            "service tcp-keepalives-in",
            "no service tcp-keepalives-in",
            "interface Gi0/1",
            "no ip redirects",
            "no ip address",
            "exit",
            "ip domain lookup",
            "interface Gi0/1",
            "ip redirects",
        ]
    )
    assert errors == []
    assert body(tree) == [
        "no logging console",
        "interface GigabitEthernet0/1",
        " no ip address",
    ]


def test_voice_keys_replace() -> None:
    tree, errors = apply_all(
        [
            "dial-peer voice 100 voip",
            "destination-pattern 2...",
            "session target ipv4:10.1.1.10",
            "destination-pattern 3...",
            "session target ipv4:10.1.1.11",
            "voice class codec 1",
            "codec preference 1 g711ulaw",
            "codec preference 1 g729r8",
            "voice translation-rule 1",
            "rule 1 /^9(.*)/ /\\1/",
            "rule 1 /^0(.*)/ /\\1/",
        ]
    )
    assert errors == []
    assert body(tree) == [
        "dial-peer voice 100 voip",
        " destination-pattern 3...",
        " session target ipv4:10.1.1.11",
        "voice class codec 1",
        " codec preference 1 g729r8",
        "voice translation-rule 1",
        " rule 1 /^0(.*)/ /\\1/",
    ]


def test_numbered_acl_edited_in_named_mode() -> None:
    tree, _ = parse_config("access-list 10 permit 10.1.1.1\naccess-list 10 permit any\n")
    tree, errors = apply_all(
        ["ip access-list resequence 10 10 10", "ip access-list standard 10", "5 deny 10.1.0.0"],
        tree,
    )
    assert errors == []
    assert body(tree) == [
        "access-list 10 deny 10.1.0.0",
        "access-list 10 permit 10.1.1.1",
        "access-list 10 permit any",
    ]


def test_description_text_is_kept_verbatim() -> None:
    tree, _ = parse_config("interface Gi1/0/1\n description   two  spaces\n")
    assert body(tree)[1] == " description   two  spaces"


GOLDEN = sorted((Path(__file__).resolve().parents[2] / "golden_configs").glob("*.cfg"))


@pytest.mark.skipif(not GOLDEN, reason="no golden configs in this workspace")
def test_every_city_golden_config_loads_and_round_trips() -> None:
    failures = []
    for path in GOLDEN:
        text = path.read_text(encoding="utf-8")
        tree, errors = parse_config(text, strict=True)
        source = [x.rstrip() for x in text.splitlines() if x.strip()]
        source = [x for x in source if not x.strip().startswith("!") and x != "end"]
        if errors or body(tree) != source:
            failures.append((path.name, errors[:3]))
    assert failures == []
