"""Jump hosts: single addresses as well as ranges, written as IOS shows them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from citynet.compliance.engine import check_config
from citynet.compliance.rules import default_rules
from citynet.inventory.loader import load_inventory
from citynet.render.renderer import Renderer
from tests.support import corpus_path, require

CAPTURE = (
    "ntc-templates/tests/cisco_ios/show_running-config_partition_access-list/"
    "cisco_ios_show_running-config_partition_access-list.raw"
)
"""A real IOS running config: ``ip access-list standard stdacl`` / `` permit 10.1.1.1``."""


def _section(text: str, header: str) -> list[str]:
    lines = text.splitlines()
    body = []
    for line in lines[lines.index(header) + 1 :]:
        if not line.startswith(" "):
            break
        body.append(line.strip())
    return body


def _render(workspace: Path, jump_hosts: str, host: str) -> str:
    defaults = workspace / "inventory" / "defaults.yaml"
    text = defaults.read_text()
    old = "jump_hosts: [10.0.44.48/29, 10.0.76.48/29]"
    assert old in text
    defaults.write_text(text.replace(old, f"jump_hosts: {jump_hosts}"))
    inventory = load_inventory(workspace / "inventory")
    result = Renderer(inventory, workspace / "templates").render(inventory.views[host])
    assert result.text is not None, result.error
    return result.text


@pytest.mark.parametrize("host", ["fs01-rtr01", "fs01-acc01", "fs01-vg01", "ch-core01"])
def test_a_single_jump_host_is_written_as_ios_shows_it(workspace_copy: Path, host: str) -> None:
    text = _render(workspace_copy, "[10.0.44.50, 10.0.76.48/29, 10.0.76.60/32]", host)
    assert _section(text, "ip access-list standard MGMT-ACCESS") == [
        "10 permit 10.0.44.50",
        "20 permit 10.0.76.48 0.0.0.7",
        "30 permit 10.0.76.60",
        "40 deny   any log",
    ]
    if "ip access-list extended COPP-MANAGEMENT" in text.splitlines():
        copp = _section(text, "ip access-list extended COPP-MANAGEMENT")
        assert copp[:3] == [
            "10 permit tcp host 10.0.44.50 any eq 22",
            "20 permit tcp 10.0.76.48 0.0.0.7 any eq 22",
            "30 permit tcp host 10.0.76.60 any eq 22",
        ]


def test_the_form_is_the_one_a_real_device_shows() -> None:
    path = corpus_path(*CAPTURE.split("/"))
    require("the ntc-templates corpus", path.exists(), "see /work/shared/corpus/README.md")
    lines = path.read_text().splitlines()
    entry = lines[lines.index("ip access-list standard stdacl") + 1]
    assert re.fullmatch(r" permit (\d+\.){3}\d+", entry)  # no "host", no 0.0.0.0 wildcard


def test_single_jump_hosts_pass_the_baseline_rule_and_ranges_do_not(workspace_copy: Path) -> None:
    rules = default_rules()
    ranges = (workspace_copy / "golden_configs" / "fs01-acc01.cfg").read_text()
    singles = _render(workspace_copy, "[10.0.44.50, 10.0.76.50]", "fs01-acc01")
    results = {}
    for name, text in (("ranges", ranges), ("singles", singles)):
        checked = check_config(text, rules, role="access", platform="cisco_ios", host="x")
        results[name] = {r.rule for r in checked.failed}
    assert "CN-MGMT-03" in results["ranges"]
    assert "CN-MGMT-03" not in results["singles"]
