"""The parser: sections, banners, noise, secrets, errors."""

from __future__ import annotations

import pytest

from citynet.diff import diff_configs, parse
from citynet.diff.parse import Node
from citynet.errors import ConfigParseError


def texts(nodes: list[Node]) -> list[str]:
    return [n.text for n in nodes]


def test_sections_by_indentation_any_width() -> None:
    tree = parse(
        "router bgp 1\n    neighbor 1.1.1.1 remote-as 2\n    address-family ipv4\n"
        "        neighbor 1.1.1.1 activate\n    exit-address-family\nhostname r\n"
    )
    bgp = tree.children[0]
    assert texts(tree.children) == ["router bgp 1", "hostname r"]
    assert texts(bgp.children) == ["neighbor 1.1.1.1 remote-as 2", "address-family ipv4"]
    assert texts(bgp.children[1].children) == ["neighbor 1.1.1.1 activate"]


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("banner motd ^C\nline one\n  line two\n^C\n", ("line one", "  line two")),
        ("banner motd #one line#\n", ("one line",)),
        ("banner login %\nstarts\nends here%\n", ("starts", "ends here")),
        ("banner exec ^CWelcome\n^C\n", ("Welcome",)),
        ("banner motd ^C^C\n", ()),
        ("banner motd ^C\n\ntrailing blank\n\n^C\n", ("trailing blank",)),
    ],
)
def test_banners_any_delimiter(text: str, body: tuple[str, ...]) -> None:
    tree = parse(text + "hostname after\n")
    banner = tree.children[0]
    assert banner.body == body
    assert texts(tree.children)[1] == "hostname after"


def test_banner_lines_are_not_sections() -> None:
    tree = parse("banner motd ^C\ninterface Gi0/1\n shutdown\n^C\n")
    assert texts(tree.children) == ["banner motd"]


def test_noise_and_separators_dropped() -> None:
    text = (
        "Building configuration...\n\nCurrent configuration : 99 bytes\n!\n"
        "! Last configuration change at 1\nversion 17.9\n!\nntp clock-period 1234\n"
        "hostname r1\nend\n"
    )
    assert texts(parse(text).children) == ["hostname r1"]


def test_device_owned_lines_are_not_configuration() -> None:
    # The device writes its software version and boot markers itself: a golden config
    # without them is not drift, and no remediation ever removes or adds them.
    running = "version 17.9\nboot-start-marker\nboot-end-marker\nhostname r1\n"
    result = diff_configs(running, "hostname r1\n", platform="cisco_iosxe")
    assert result.compliant and result.remediation == [] and result.rollback == []
    assert diff_configs("hostname r1\n", running).compliant


def test_secrets_masked_at_parse() -> None:
    tree = parse(
        "enable secret 9 $9$abc\nusername bob privilege 15 password 7 0822455D\n"
        "line vty 0 4\n password 7 121A0C04\nkey chain K\n key 1\n  key-string 7 0011\n"
    )
    lines = (
        [n.text for n in tree.children]
        + [c.text for n in tree.children for c in n.children]
        + [g.text for n in tree.children for c in n.children for g in c.children]
    )
    assert "enable secret <redacted>" in lines
    assert "username bob privilege 15 password <redacted>" in lines
    assert "password <redacted>" in lines
    assert "key chain K" in lines and "key 1" in lines
    assert "key-string <redacted>" in lines
    assert not any("$9$" in x or "0822455D" in x or "121A0C04" in x for x in lines)


def test_trunk_lists_merged_and_all_dropped() -> None:
    tree = parse(
        "interface Gi1\n switchport trunk allowed vlan 1-3\n"
        " switchport trunk allowed vlan add 5,4\n"
        "interface Gi2\n switchport trunk allowed vlan all\n"
    )
    assert texts(tree.children[0].children) == ["switchport trunk allowed vlan 1-5"]
    assert tree.children[1].children == []


def test_certificate_data_ignored() -> None:
    tree = parse(
        "crypto pki certificate chain TP\n certificate self-signed 01\n  3082 0330\n  \tquit\n"
        "hostname r\n"
    )
    assert texts(tree.children) == ["crypto pki certificate chain TP", "hostname r"]
    assert tree.children[0].children[0].children == []


def test_unterminated_banner_is_an_error_with_line() -> None:
    with pytest.raises(ConfigParseError, match=r"r1.cfg, line 2: banner motd is not closed"):
        parse("hostname r\nbanner motd ^C\ntext\n", source="r1.cfg")


def test_banner_without_delimiter_is_an_error() -> None:
    with pytest.raises(ConfigParseError, match="line 1"):
        parse("banner motd\n")


def test_nul_byte_is_an_error() -> None:
    with pytest.raises(ConfigParseError, match="line 2: binary data"):
        parse("hostname r\nx\x00y\n")


def test_render_round_trip() -> None:
    text = "hostname r\ninterface Gi1\n description a\n shutdown\n"
    tree = parse(text)
    assert "\n".join(tree.lines()) + "\n" == text
