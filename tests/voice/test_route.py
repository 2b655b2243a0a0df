"""``route``: hand-worked cases on tests/fixtures/voice/gateway_good.cfg and small configs.

Each expectation is worked out by hand from IOS's rules (see citynet/voice/route.py):
longest explicit match, then preference, POTS digit-strip unless forward-digits /
no digit-strip / an outgoing called translation, prefix last.
"""

from __future__ import annotations

import pytest

from citynet.voice.model import parse_voice
from citynet.voice.route import Unmodelled, route
from tests.support import FIXTURES

GOOD = parse_voice((FIXTURES / "voice" / "gateway_good.cfg").read_text())
TODAY = parse_voice((FIXTURES / "voice" / "city_today_ch-vg01.cfg").read_text())


@pytest.mark.parametrize(
    ("number", "peer", "sent", "via"),
    [
        # 911: dial-peer 90 (3 explicit digits) beats 9T; forward-digits 3 keeps 911.
        ("911", "90", "911", "port 0/2/0:23"),
        # 9911: dial-peer 91 (4 explicit) beats 9T (1); forward-digits 3 keeps the last 3.
        ("9911", "91", "911", "port 0/2/0:23"),
        # 9011 44 20 0123 4567: 9011T (4 explicit) beats 9T; the explicit 9011 is stripped
        # (POTS default) and prefix 011 goes back in front.
        ("901144200123456", "102", "01144200123456", "port 0/2/0:23"),
        # A local call: 9T, preference 0 over the backup 101; PSTN-OUT rule 2 strips the 9
        # and the translated number is not stripped again.
        ("95551234", "100", "5551234", "port 0/2/0:23"),
        # An extension: 1... to the first call agent (preference 0 over 201).
        ("1001", "200", "1001", "session target ipv4:10.0.44.40:5060"),
        # A site-coded extension: 7301.... (4 explicit) is the only match.
        ("73011234", "202", "73011234", "session target ipv4:10.0.44.40:5060"),
    ],
)
def test_hand_worked_routes(number: str, peer: str, sent: str, via: str) -> None:
    result = route(GOOD, number)
    assert result.routed, result.failure
    assert (result.peer.tag if result.peer else None, result.sent, result.leaves_via) == (
        peer,
        sent,
        via,
    )


def test_why_the_winner_won() -> None:
    result = route(GOOD, "911")
    outcomes = {c.tag: c.outcome for c in result.considered}
    assert outcomes == {
        "90": "selected",
        "92": "lost: preference 1 against 0 (lower wins)",
        "100": "lost: longest match (1 explicit digit(s) against 3)",
        "101": "lost: longest match (1 explicit digit(s) against 3)",
    }
    # 9T still matches 911, so a caller dialling digit by digit may wait.
    assert "9T" in result.waits and "100" in result.waits


def test_calling_number_is_translated_too() -> None:
    result = route(GOOD, "95551234", calling="1001")
    assert result.calling_sent == "55500301001"
    assert [s.describe() for s in result.translations] == [
        "translation-rule 1 rule 2: 95551234 -> 5551234",
        "translation-rule 2 rule 1: 1001 -> 55500301001",
    ]


def test_todays_city_gateway_sends_11_for_911() -> None:
    """The defect in the voice issue: 9T wins, PSTN-OUT strips the 9, 911 leaves as 11."""
    result = route(TODAY, "911")
    assert (result.peer.tag if result.peer else None, result.sent) == ("100", "11")
    assert result.tied == ["101"]
    assert "interdigit timeout" in result.waits
    assert result.steps[0] == (
        "translation-profile PSTN-OUT (called): translation-rule 1 rule 1: 911 -> 11"
    )


def test_shadowed_pattern_loses_on_longest_match() -> None:
    cfg = parse_voice(
        "dial-peer voice 300 voip\n destination-pattern 91[01]\n session target ipv4:10.0.0.1\n"
        "dial-peer voice 301 voip\n destination-pattern 910\n session target ipv4:10.0.0.2\n"
    )
    result = route(cfg, "910")
    assert result.peer is not None and result.peer.tag == "301"
    assert route(cfg, "911").peer.tag == "300"  # type: ignore[union-attr]


def test_preference_tie_is_reported_not_hidden() -> None:
    cfg = parse_voice(
        "dial-peer voice 5 voip\n destination-pattern 2...\n session target ipv4:10.0.0.1\n"
        "dial-peer voice 6 voip\n destination-pattern 2...\n session target ipv4:10.0.0.2\n"
    )
    result = route(cfg, "2000")
    assert (result.peer.tag if result.peer else None, result.tied) == ("5", ["6"])
    (other,) = result.alternatives
    assert (other.peer.tag if other.peer else None, other.leaves_via) == (
        "6",
        "session target ipv4:10.0.0.2",
    )
    assert result.as_dict()["if_tied_picks"] == [
        {
            "dial_peer": "6",
            "sent": "2000",
            "leaves_via": "session target ipv4:10.0.0.2",
            "failure": "",
        }
    ]


@pytest.mark.parametrize(
    ("peer_lines", "sent"),
    [
        ("", "5551234"),  # digit-strip: the explicit 9 goes
        (" no digit-strip\n", "95551234"),
        (" forward-digits 7\n", "5551234"),
        (" forward-digits all\n", "95551234"),
        (" prefix 1\n", "15551234"),  # strip, then prefix
    ],
)
def test_pots_digit_manipulation(peer_lines: str, sent: str) -> None:
    cfg = parse_voice(
        "dial-peer voice 1 pots\n destination-pattern 9T\n port 0/1/0:23\n" + peer_lines
    )
    assert route(cfg, "95551234").sent == sent


def test_voip_dial_peers_do_not_strip() -> None:
    cfg = parse_voice(
        "dial-peer voice 1 voip\n destination-pattern 9T\n session target ipv4:10.0.0.1\n"
    )
    assert route(cfg, "95551234").sent == "95551234"


def test_shut_down_dial_peers_do_not_route() -> None:
    cfg = parse_voice(
        "dial-peer voice 1 pots\n destination-pattern 911\n port 0/1/0:23\n shutdown\n"
    )
    result = route(cfg, "911")
    assert not result.routed and result.failure == "no dial-peer matches"
    assert [c.outcome for c in result.considered] == ["shut down"]


def test_reject_rule_drops_the_call() -> None:
    cfg = parse_voice(
        "voice translation-rule 9\n rule 1 reject /^900/\n"
        "voice translation-profile BLOCK\n translate called 9\n"
        "dial-peer voice 1 pots\n translation-profile outgoing BLOCK\n destination-pattern 9T\n"
        " port 0/1/0:23\n no digit-strip\n"
    )
    assert route(cfg, "95551234").routed
    blocked = route(cfg, "9005551234")
    assert not blocked.routed and "rejects 9005551234" in blocked.failure


def test_dollar_ends_a_pattern_and_no_dollar_is_a_prefix() -> None:
    cfg = parse_voice(
        "dial-peer voice 1 voip\n destination-pattern 555$\n session target ipv4:10.0.0.1\n"
        "dial-peer voice 2 voip\n destination-pattern 55\n session target ipv4:10.0.0.2\n"
    )
    assert route(cfg, "555").peer.tag == "1"  # type: ignore[union-attr]
    assert route(cfg, "5551").peer.tag == "2"  # type: ignore[union-attr]


def test_no_route() -> None:
    result = route(GOOD, "0")
    assert not result.routed and result.failure == "no dial-peer matches"


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ("dial-peer voice 1 voip\n destination-pattern 91(1)\n", "uses '('"),
        ("dial-peer voice 1 voip\n destination-pattern 9%\n", "uses '%'"),
        ("dial-peer hunt 2\ndial-peer voice 1 voip\n destination-pattern 9T\n", "dial-peer hunt 2"),
        ("num-exp 1... 5551...\n", "number expansion"),
        (
            "dial-peer voice 1 voip\n destination-pattern 9T\n destination e164-pattern-map 5\n",
            "destination e164-pattern-map 5",
        ),
        (
            "dial-peer voice 1 voip\n destination e164-pattern-map 5\n"
            "dial-peer voice 2 voip\n destination-pattern 9T\n",
            "chooses outbound calls by something other than destination-pattern",
        ),
        (
            "voice translation-rule 1\n rule 1 /^8/ /7/\n"
            "voice translation-profile P\n translate called 1\n"
            "dial-peer voice 1 pots\n translation-profile outgoing P\n destination-pattern 9T\n"
            " port 0/1/0:23\n",
            "whether IOS then strips the explicit digits is not modelled",
        ),
        (
            "dial-peer voice 1 pots\n destination-pattern 9T\n forward-digits extra 2\n port 0\n",
            "forward-digits extra 2",
        ),
        (
            "voice translation-rule 1\n rule 1 /^9/ // type any national\n"
            "voice translation-profile P\n translate called 1\n"
            "dial-peer voice 1 voip\n translation-profile outgoing P\n destination-pattern 9T\n",
            "number type or plan conversion",
        ),
    ],
)
def test_unmodelled_constructs_are_refused(config: str, fragment: str) -> None:
    with pytest.raises(Unmodelled, match=None) as info:
        route(parse_voice(config), "911")
    assert fragment in str(info.value)


def test_server_group_targets_are_named() -> None:
    cfg = parse_voice(
        "voice class server-group 5\n ipv4 10.0.44.40 preference 1\n ipv4 10.0.76.40 preference 2\n"
        "dial-peer voice 1 voip\n destination-pattern 9T\n session server-group 5\n"
        "dial-peer voice 2 voip\n destination-pattern 8T\n session server-group 6\n"
    )
    assert route(cfg, "95551234").leaves_via == ("session server-group 5 (10.0.44.40, 10.0.76.40)")
    missing = route(cfg, "85551234")
    assert not missing.routed and "server-group 6 (line 9) is not defined" in missing.failure
