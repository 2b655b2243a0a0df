"""The City's own dial plan, read by the product's routing model and caught by ``validate``.

Every site with PSTN access routes 911 and 9911 directly (its golden config, the form the
push sends and drift compares); ``citynet validate`` on a copy of the City workspace fails on
each class of dial-plan defect an engineer could merge: a broken emergency route (see
test_validate.py), an overlapping pattern, a duplicate extension, a dangling profile.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citynet.inventory.loader import load_inventory
from citynet.inventory.model import Inventory
from citynet.inventory.schema import Role
from citynet.voice.lint import site_pstn
from citynet.voice.model import parse_voice
from citynet.voice.route import is_pstn, route
from tests.support import PROJECT, CliRunner


@pytest.fixture(scope="module")
def city() -> Inventory:
    return load_inventory(PROJECT / "inventory")


def _gateways_with_pstn(city: Inventory) -> list[str]:
    return sorted(
        name
        for name, view in city.views.items()
        if view.role is Role.VOICE_GATEWAY and site_pstn(view)
    )


def test_every_site_with_pstn_access_routes_911_and_9911_directly(city: Inventory) -> None:
    gateways = _gateways_with_pstn(city)
    assert len(gateways) >= 40  # the City's gateways, not an empty selection
    for host in gateways:
        cfg = parse_voice((PROJECT / "golden_configs" / f"{host}.cfg").read_text())
        for dialed in ("911", "9911"):
            result = route(cfg, dialed)
            assert result.routed, (host, dialed, result.failure)
            assert result.peer is not None and result.peer.destination_pattern is not None
            # directly: a dial-peer for exactly that number, not 9T after the interdigit wait,
            # and no other pattern can extend it (no wait dialled digit by digit)
            assert result.peer.destination_pattern.text == dialed, (host, dialed)
            assert not result.waits, (host, dialed, result.waits)
            assert is_pstn(cfg, result.peer), (host, dialed, result.peer.tag)
            assert result.sent == "911", (host, dialed, result.steps)
            # IOS may pick any tied dial-peer: every one of them must do the same
            for other in result.alternatives:
                assert other.routed and other.sent == "911", (host, dialed, other.peer)


def _add_to_voice_gateways(workspace: Path, lines: str) -> None:
    template = workspace / "templates" / "roles" / "voice_gateway.j2"
    text = template.read_text()
    head, sep, tail = text.rpartition("{% endblock %}")
    assert sep
    template.write_text(head + lines + sep + tail)


def _validate(cli: CliRunner, workspace: Path) -> tuple[int, list[dict[str, object]]]:
    result = cli("validate", "--format", "json", cwd=workspace)
    data = json.loads(result.out)
    return result.code, data["lint"]["problems"] + data.get("inventory", {}).get("problems", [])


def test_validate_fails_on_an_overlapping_pattern(cli: CliRunner, workspace_copy: Path) -> None:
    # an analog station given every extension, as preferred as the call agents' dial-peer:
    # a call to any phone may ring the lobby instead
    _add_to_voice_gateways(
        workspace_copy,
        "dial-peer voice 777 pots\n description Lobby\n destination-pattern 8......\n"
        " port 0/2/0\n!\n",
    )
    code, problems = _validate(cli, workspace_copy)
    assert code == 1
    assert any(
        p["host"] == "fs01-vg01" and p["severity"] == "error" and "777" in str(p["message"])
        for p in problems
    ), [p["message"] for p in problems if p["host"] == "fs01-vg01"]


def test_validate_fails_on_a_dangling_translation_profile(
    cli: CliRunner, workspace_copy: Path
) -> None:
    _add_to_voice_gateways(
        workspace_copy,
        "dial-peer voice 778 pots\n description Lobby phone\n"
        " translation-profile outgoing LOBBY-OUT\n destination-pattern 8379999\n"
        " port 0/2/0\n!\n",
    )
    code, problems = _validate(cli, workspace_copy)
    assert code == 1
    assert any(
        p["host"] == "fs01-vg01" and "LOBBY-OUT" in str(p["message"]) for p in problems
    ), [p["message"] for p in problems if p["host"] == "fs01-vg01"]


def test_validate_fails_on_a_duplicate_extension(cli: CliRunner, workspace_copy: Path) -> None:
    phones = workspace_copy / "inventory" / "phones.csv"
    rows = phones.read_text().splitlines()
    header, first, second = rows[0], rows[1].split(","), rows[2].split(",")
    second[0] = first[0]  # another phone given the first phone's extension
    rows[2] = ",".join(second)
    phones.write_text("\n".join([header, *rows[1:]]) + "\n")
    result = cli("validate", cwd=workspace_copy)
    assert result.code == 1
    assert f"{first[0]}" in result.out + result.err
    assert "inventory/phones.csv:3" in result.out + result.err, result.out + result.err
