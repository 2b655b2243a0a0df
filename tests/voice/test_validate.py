"""``citynet validate`` runs the dial-plan lint on every rendered voice gateway."""

from __future__ import annotations

import json
from pathlib import Path

from citynet.render.lint import lint_config
from tests.support import FIXTURES, CliRunner

VOICE = FIXTURES / "voice"

# A test line to the call agent on 911 with the same explicit digits and preference
# as a direct PSTN dial-peer: 911 now goes (at least half the time) to the call agent.
DIVERT_911 = """dial-peer voice 1 voip
 description Test line to the call agent
 destination-pattern 911
 session protocol sipv2
 session target ipv4:10.0.44.40
!
"""


def test_validate_fails_on_a_broken_emergency_route(cli: CliRunner, workspace_copy: Path) -> None:
    template = workspace_copy / "templates" / "roles" / "voice_gateway.j2"
    text = template.read_text()
    head, sep, tail = text.rpartition("{% endblock %}")
    assert sep, "the voice gateway template ends its block"
    template.write_text(head + DIVERT_911 + sep + tail)
    result = cli("validate", "--format", "json", cwd=workspace_copy)
    assert result.code == 1, result.err
    problems = json.loads(result.out)["lint"]["problems"]
    diverted = [
        p
        for p in problems
        if p["host"] == "fs01-vg01"
        and p["severity"] == "error"
        and p["message"].startswith("emergency number 911 ")
        and "to dial-peer 1 (session target ipv4:10.0.44.40)" in p["message"]
    ]
    assert diverted, [p["message"] for p in problems if p["host"] == "fs01-vg01"]
    assert diverted[0]["file"] == "rendered/fs01-vg01.cfg" and diverted[0]["line"]


def test_the_validate_hook_reports_voice_findings_once() -> None:
    """Undefined translation profiles are the render lint's; the voice lint adds the rest."""
    text = (VOICE / "lint" / "fail_undefined.cfg").read_text()
    messages = [p.message for p in lint_config("gw", text)]
    assert sum("MISSING" in m for m in messages) == 1
    assert any("voice class server-group 5" in m for m in messages)
    assert any("emergency response zone 9" in m for m in messages)


def test_the_validate_hook_still_reports_profiles_the_render_lint_does_not_read() -> None:
    text = (
        "voice-port 0/1/0\n translation-profile incoming FROM-PBX\n"
        "dial-peer voice 1 voip\n call-block translation-profile incoming BLOCKED\n"
        " translation-profile outgoing MISSING\n"
    )
    messages = [p.message for p in lint_config("gw", text)]
    assert sum("FROM-PBX" in m for m in messages) == 1
    assert sum("BLOCKED" in m for m in messages) == 1
    assert sum("MISSING" in m for m in messages) == 1


def test_the_validate_hook_passes_a_fixed_gateway() -> None:
    text = (VOICE / "gateway_good.cfg").read_text()
    text += "interface Loopback0\n ip address 10.2.191.21 255.255.255.255\n"
    text += "line vty 0 4\n transport input ssh\n"
    assert [str(p) for p in lint_config("fs1-vg01", text) if p.severity == "error"] == []
