"""The dial-plan lint: each rule on a failing and a passing configuration.

Each fixture under tests/fixtures/voice/lint/ says what it expects in its first
lines: ``! expect: LINE: fragment`` for every error, or ``! expect: none``; and
``! warn: LINE: message`` for every warning (none when it names none).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from citynet.diagnostics import Severity
from citynet.voice.lint import lint_voice
from tests.support import FIXTURES

VOICE = FIXTURES / "voice"
CASES = sorted((VOICE / "lint").glob("*.cfg"))
_EXPECT = re.compile(r"^! expect: (?:(none)|(\d+): (.+))$")
_WARN = re.compile(r"^! warn: (\d+): (.+)$")


def _expected(text: str) -> list[tuple[int, str]]:
    found = []
    for line in text.splitlines():
        match = _EXPECT.match(line)
        if match and not match[1]:
            found.append((int(match[2]), match[3]))
    return found


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_lint_rule(case: Path) -> None:
    text = case.read_text()
    found = lint_voice(text, host="gw", file=case.name)
    errors = [d for d in found if d.severity is Severity.ERROR]
    warnings = [(d.line, d.message) for d in found if d.severity is Severity.WARNING]
    assert warnings == [
        (int(m[1]), m[2]) for m in map(_WARN.match, text.splitlines()) if m is not None
    ]
    expected = _expected(text)
    if case.stem.startswith(("pass_", "warn_")):
        assert errors == [], [str(e) for e in errors]
        return
    assert expected, "a failing fixture names what it expects"
    for line, fragment in expected:
        assert any(e.line == line and fragment in e.message for e in errors), (
            f"expected {line}: {fragment!r} among {[str(e) for e in errors]}"
        )
    assert len(errors) == len(expected), [str(e) for e in errors]


def test_each_failing_fixture_has_a_passing_one() -> None:
    stems = {p.stem for p in CASES}
    for stem in stems:
        if stem.startswith(("fail_", "warn_")):
            rule = stem.removeprefix("fail_").removeprefix("warn_").removesuffix("_voip")
            assert f"pass_{rule}" in stems or rule.startswith("emergency_route"), stem


def test_a_fixed_gateway_is_clean() -> None:
    """911 and 9911 direct, 9T with a backup on preference, ELINs: nothing to report."""
    text = (VOICE / "gateway_good.cfg").read_text()
    assert lint_voice(text, host="fs1-vg01") == []


def test_todays_city_gateway_fails_on_its_emergency_route() -> None:
    """The configuration the voice issue describes: 911 waits on 9T and leaves as 11."""
    text = (VOICE / "city_today_ch-vg01.cfg").read_text()
    messages = [d.message for d in lint_voice(text, host="ch-vg01")]
    assert any("emergency number 911 leaves dial-peer 100 as '11'" in m for m in messages)
    assert any("turns it into 11: emergency number 911" in m for m in messages)
    assert any("dial-peer 101 (9T) and dial-peer 100 (9T)" in m for m in messages)


def test_site_emergency_numbers_are_checked_too() -> None:
    """A site's own emergency number (here 9933, the address test line) needs a direct
    dial-peer too: on 9T it waits for the interdigit timeout."""
    text = (VOICE / "gateway_good.cfg").read_text()
    problems = lint_voice(text, host="fs1-vg01", emergency=("9933",))
    assert [p.message for p in problems] == [
        "emergency number 9933 is routed on dial-peer 100 (9T) only: it waits for the "
        "interdigit timeout"
    ]


def test_skipped_reference_kinds_are_left_to_the_other_lint() -> None:
    text = (VOICE / "lint" / "fail_undefined.cfg").read_text()
    kept = lint_voice(text, skip=frozenset({"translation-profile"}))
    assert not any("translation-profile MISSING" in d.message for d in kept)
    assert any("server-group 5" in d.message for d in kept)


def test_configs_without_voice_have_nothing_to_say() -> None:
    assert lint_voice("hostname sw1\ninterface Vlan1\n ip address 10.0.0.1 255.255.255.0\n") == []


def test_a_site_with_pstn_access_needs_a_pstn_dial_peer() -> None:
    """The inventory says the site has PSTN lines; the gateway has no dial-peer to them."""
    text = "dial-peer voice 200 voip\n destination-pattern 1...\n session target ipv4:10.0.44.40\n"
    (problem,) = lint_voice(text, host="fs9-vg01", pstn=True)
    assert problem.message.startswith("the site has PSTN access (inventory: voice.pstn) but no ")
    assert lint_voice(text, host="fs9-vg01", pstn=False) == []
    assert lint_voice(text, host="fs9-vg01") == []
    # no dial-peer at all: still reported when the site has PSTN access
    assert len(lint_voice("hostname fs9-vg01\n", pstn=True)) == 1
