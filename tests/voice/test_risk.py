"""Emergency routing in change plans: the risk flag and the board packet's section."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import pytest

from citynet.changes.approvals import Status
from citynet.changes.plan import DeviceInput, PlanRequest, build_plan
from citynet.changes.policy import POLICY_FILE, Quorum, load_policy
from citynet.report import change_packet
from citynet.voice import packet as voice_packet
from citynet.voice.risk import emergency_touches
from tests.support import FIXTURES, PROJECT

GOOD = (FIXTURES / "voice" / "gateway_good.cfg").read_text()


def edited(*edits: tuple[str, str]) -> str:
    text = GOOD
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


# A typo in the direct 911 dial-peer: 911 falls to the backup on the second PRI.
TYPO_911 = edited(
    (
        " description Emergency 911 direct\n destination-pattern 911\n",
        " description Emergency 911 direct\n destination-pattern 9111\n",
    )
)
# The 9T profile now uses a rule set without the 911 guard: the old heuristics saw no
# "911" in the changed lines; the route model sees 9T (which 911 hunts on to) change.
PROFILE_SWAP = edited(
    (" translate called 1\n", " translate called 4\n"),
    (
        "voice translation-profile PSTN-IN\n",
        "voice translation-rule 4\n rule 1 /^9\\(.*\\)/ /\\1/\n!\n"
        "voice translation-profile PSTN-IN\n",
    ),
)
# An extension change: nothing an emergency call passes through.
CODEC_ONLY = edited(
    (" description Call agent 2\n", " description Call agent 2 (backup)\n"),
)


def plan_document(golden: str, *, kind: str) -> dict[str, Any]:
    request = PlanRequest(
        title="Voice gateway change",
        source="golden",
        author="alice",
        author_key="SHA256:alice",
        created_at="2026-03-02T15:00:00Z",
        uid="0" * 32,
        policy_hash="p" * 64,
        public_safety_kinds=frozenset({"fire_station"}),
    )
    device = DeviceInput(
        host="fs01-vg01",
        site="FS01",
        site_kind=kind,
        role="voice_gateway",
        platform="cisco_iosxe",
        running=GOOD,
        golden=golden,
        running_source="backup",
    )
    plan = build_plan(request, [device])
    assert plan is not None
    return plan


def plan_for(golden: str, *, kind: str) -> dict[str, Any]:
    (entry,) = plan_document(golden, kind=kind)["devices"]
    return entry  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("golden", "kind", "flagged", "level"),
    [
        (TYPO_911, "fire_station", True, "critical"),
        (TYPO_911, "library", True, "critical"),
        (PROFILE_SWAP, "library", True, "critical"),
        (CODEC_ONLY, "library", False, "medium"),
    ],
)
def test_emergency_routing_changes_are_high_risk(
    golden: str, kind: str, flagged: bool, level: str
) -> None:
    entry = plan_for(golden, kind=kind)
    risks = entry["risks"]
    assert isinstance(risks, list)
    assert ("emergency_calls" in risks) is flagged
    assert load_policy(PROJECT / POLICY_FILE).level(risks) == level


def test_the_reasons_name_the_route_that_changes() -> None:
    tops = ["dial-peer voice 90 pots"]
    assert emergency_touches(tops, GOOD, TYPO_911) == [
        "changes dial-peer voice 90 pots, which emergency calls use",
        "911: before dial-peer 90 sends 911 out of port 0/2/0:23; after dial-peer 92 sends 911 "
        "out of port 0/2/1:23",
    ]
    assert emergency_touches(["voice translation-profile PSTN-OUT"], GOOD, PROFILE_SWAP) == [
        "changes voice translation-profile PSTN-OUT, which emergency calls use"
    ]
    assert emergency_touches(["dial-peer voice 201 voip"], GOOD, CODEC_ONLY) == []


def test_the_packet_shows_911_and_9911_before_and_after() -> None:
    entry = plan_for(TYPO_911, kind="fire_station")
    rows = voice_packet.voice_route_rows([entry])
    assert [(r["host"], r["number"], r["changed"]) for r in rows] == [
        ("fs01-vg01", "911", True),
        ("fs01-vg01", "9911", False),
    ]
    assert rows[0]["after"] == "dial-peer 92 sends 911 out of port 0/2/1:23"
    data = {"voice_routes": rows}
    md = io.StringIO()
    voice_packet.write_markdown(md, data)
    assert (
        "| fs01-vg01 | 911 | dial-peer 90 sends 911 out of port 0/2/0:23 | dial-peer 92 sends "
        "911 out of port 0/2/1:23 | **changes** |" in md.getvalue()
    )
    text = io.StringIO()
    voice_packet.write_text(text, data)
    assert "  fs01-vg01 911 [CHANGES]\n" in text.getvalue()
    page = "".join(voice_packet.html_parts(data))
    assert "<table id='voice-routes'>" in page and "data-number='9911'" in page


def test_devices_without_dial_peers_carry_no_routes() -> None:
    assert voice_packet.voice_route_rows([{"host": "lib1-acc01", "site": "LIB1"}]) == []
    empty = io.StringIO()
    voice_packet.write_markdown(empty, {"voice_routes": []})
    assert empty.getvalue() == "" and voice_packet.html_parts({}) == []


def test_the_board_packet_has_the_section_in_every_format() -> None:
    policy = load_policy(PROJECT / POLICY_FILE)
    status = Status(1, "awaiting approval", Quorum("critical", 2, frozenset({"network"})))
    data = change_packet.packet(
        1,
        "h" * 64,
        plan_document(TYPO_911, kind="fire_station"),
        status,
        policy,
        [],
        generated=datetime(2026, 3, 3, tzinfo=UTC),
    )
    assert [(r["number"], r["changed"]) for r in data["voice_routes"]] == [
        ("911", True),
        ("9911", False),
    ]
    pages = {}
    for name, writer in (
        ("markdown", change_packet.write_markdown),
        ("text", change_packet.write_text),
        ("html", change_packet.write_html),
    ):
        out = io.StringIO()
        writer(out, data)
        pages[name] = out.getvalue()
    assert "## Emergency call routing (voice route, before and after)" in pages["markdown"]
    assert pages["markdown"].index("## Emergency call routing") < pages["markdown"].index(
        "## Approvals"
    )
    assert "emergency call routing (voice route, before and after):" in pages["text"]
    assert "<table id='voice-routes'>" in pages["html"]
