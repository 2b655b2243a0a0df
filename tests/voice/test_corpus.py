"""The voice snippets of public projects (shared corpus): read, routed or refused, linted.

Never a crash: every answer is a route, a clear :class:`Unmodelled` refusal, or
diagnostics.
"""

from __future__ import annotations

import pytest

from citynet.diagnostics import Severity
from citynet.voice.lint import lint_voice
from citynet.voice.model import parse_voice
from citynet.voice.route import Unmodelled, route
from citynet.voice.translate import apply_rule_set
from tests.support import corpus_path

BATFISH = ("batfish", "tests", "parsing-tests", "networks", "unit-tests", "configs")
CUBE = ("aws-samples-lca-cube", "_extracted", "cube_chime_siprec_fragments.cfg")
SNIPPETS = ("cisco_voice", "isr_voip", "cisco_sccp", "cisco_stcapp", "cisco_dscpfarm")


@pytest.mark.parametrize("name", SNIPPETS)
@pytest.mark.parametrize("number", ["911", "9911", "90114420012345", "5002"])
def test_batfish_snippets_route_or_refuse(name: str, number: str) -> None:
    cfg = parse_voice(corpus_path(*BATFISH, name).read_text())
    try:
        result = route(cfg, number)
    except Unmodelled as exc:
        assert str(exc).startswith("line ")
        return
    assert result.routed or result.failure
    lint_voice(corpus_path(*BATFISH, name).read_text(), host=name)


def test_cisco_voice_dial_peer_is_read_whole() -> None:
    cfg = parse_voice(corpus_path(*BATFISH, "cisco_voice").read_text())
    peer = cfg.peers["1"]
    assert (peer.kind, peer.destination_pattern.text if peer.destination_pattern else None) == (
        "voip",
        ".T",
    )
    assert (peer.preference, peer.prefix, peer.forward_digits, peer.shutdown) == (
        1,
        "08",
        "all",
        True,
    )
    assert peer.codecs == ("g711ulaw", "transparent")
    assert peer.codec_class is not None and peer.codec_class.text == "2"
    assert peer.incoming_called is not None and peer.incoming_called.text == "+12223334444.T"
    assert peer.profile_in is not None and peer.profile_in.text == "from-vide"
    assert cfg.border_element
    assert cfg.classes[("codec", "1")].codecs == ("g729r8", "g711alaw")
    assert cfg.classes[("e164-pattern-map", "1111")].patterns == ("5557123",)
    assert cfg.classes[("dpg", "181")].peers == ("123",)
    assert {kind for kind, _ in cfg.classes} >= {"server-group", "uri", "h323", "sip-profiles"}
    assert len(cfg.sip_ua) == 8
    # The only dial-peer is shut down: nothing routes, and route says why.
    result = route(cfg, "911")
    assert not result.routed and [c.outcome for c in result.considered] == ["shut down"]


def test_cisco_voice_translation_rule_in_the_ios_dialect() -> None:
    """``/^0011649\\(.*\\)/ /\\100/``: group 1 then the literal 00."""
    cfg = parse_voice(corpus_path(*BATFISH, "cisco_voice").read_text())
    step = apply_rule_set(cfg.rules["1"], "00116491234")
    assert step is not None and step.after == "123400"
    assert apply_rule_set(cfg.rules["1"], "0011641234") is None


def test_cisco_voice_lint_names_its_dangling_references() -> None:
    problems = lint_voice(corpus_path(*BATFISH, "cisco_voice").read_text(), host="cisco_voice")
    assert [(p.line, p.message) for p in problems if p.severity is Severity.ERROR] == [
        (35, "dial-peer 1 (voip) references translation-profile blocked, which is not defined"),
        (58, "dial-peer 1 (voip) references translation-profile from-vide, which is not defined"),
        (60, "dial-peer 1 (voip) references voice class codec 2, which is not defined"),
        (82, "voice class dpg 181 lists dial-peer 123, which is not defined"),
        (147, "translation-profile foobarbaz references translation-rule 12, which is not defined"),
        (148, "translation-profile foobarbaz references translation-rule 11, which is not defined"),
    ]


@pytest.mark.parametrize("name", ["isr_voip", "cisco_sccp", "cisco_stcapp"])
def test_snippets_without_dial_peers(name: str) -> None:
    text = corpus_path(*BATFISH, name).read_text()
    assert parse_voice(text).peers == {}
    assert lint_voice(text, host=name) == []


def test_cube_fragments_are_read_and_routing_through_dpg_is_refused() -> None:
    text = corpus_path(*CUBE).read_text()
    cfg = parse_voice(text)
    assert sorted(cfg.peers) == ["100", "200", "300", "400", "800"]
    # Later "dial-peer voice 300" blocks (media-class) merge into the first.
    assert cfg.peers["300"].kind == "voip" and cfg.peers["300"].destination_pattern is not None
    assert cfg.border_element
    assert cfg.classes[("e164-pattern-map", "100")].patterns == ("+1.........$",)
    rule = cfg.rules["10"]
    step = apply_rule_set(rule, "15551234567")
    assert step is not None and step.after == "+15551234567"
    with pytest.raises(Unmodelled, match="dial-peer group"):
        route(cfg, "911")
    problems = lint_voice(text, host="cube")
    assert [p.severity for p in problems] == [Severity.WARNING]
    assert "emergency routing not checked" in problems[0].message
