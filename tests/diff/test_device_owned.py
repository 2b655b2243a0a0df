"""Lines a device writes by itself: never drift, never removed, listed in ``device_owned``.

Each case under ``fixtures/device_owned/`` holds a running and a golden config and
``expected.yaml``: the platform and model, whether they are compliant, the exact
remediation and the device-owned lines (``header > line`` for a line in a section).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml

from citynet.cli.main import main
from citynet.diff import diff_configs, parse
from citynet.diff.model import apply, canonical
from citynet.diff.owned import prune
from citynet.ios.driver import driver_for
from citynet.ios.noise import model_defaults, owned_lines

CASES = Path(__file__).parent / "fixtures" / "device_owned"
CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "running.cfg").is_file())


def _owned_names(result_owned: list[dict[str, object]]) -> list[str]:
    names = []
    for item in result_owned:
        path = item["path"]
        assert isinstance(path, list)
        names.append(" > ".join([*path, str(item["line"])]))
    return sorted(names)


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case(case: Path) -> None:
    expected = yaml.safe_load((case / "expected.yaml").read_text())
    running = (case / "running.cfg").read_text()
    golden = (case / "golden.cfg").read_text()
    result = diff_configs(
        running, golden, platform=expected["platform"], model=expected["model"]
    )
    assert result.compliant is expected["compliant"], result.changes
    assert result.remediation == expected["remediation"]
    data = result.to_dict()
    assert _owned_names(data["device_owned"]) == sorted(expected["device_owned"])
    # never a removal of a device-owned line, in either direction
    owned = {o.line for o in result.device_owned}
    assert not any(line.lstrip().removeprefix("no ").strip() in owned for line in result.rollback)
    # remediation reaches golden up to the device's own lines; rollback comes back
    r_tree, g_tree = parse(running), parse(golden)
    after = apply(r_tree, result.remediation)
    reached = after.copy()
    prune(reached, g_tree, driver_for(expected["platform"]).owned(expected["model"]))
    assert canonical(reached) == canonical(g_tree)
    assert canonical(apply(after, result.rollback)) == canonical(r_tree)


def test_every_model_has_a_family_of_its_platform() -> None:
    for model in ("C9300-48P", "C9200-24P", "C9500-24Y4C", "ISR4321/K9", "WS-C2960X-24PD-L"):
        found = model_defaults(model)
        assert found is not None and found.ports, model
        assert owned_lines(found.platform, model).is_port(f"interface {found.ports[0]}")
    assert model_defaults("C1111-8P") is None
    union = owned_lines("cisco_iosxe")
    assert union.owns_line("line aux 0") and union.owns_line("vrf definition Mgmt-vrf")
    assert not owned_lines("cisco_iosxe", "C9300-48P").owns_line("line aux 0")


def test_a_configured_line_is_never_owned() -> None:
    # Owned means "present without being in the golden config": the same key is compared.
    running = "hostname a\nno aaa new-model\nspanning-tree mode pvst\n"
    golden = "hostname a\naaa new-model\nspanning-tree mode rapid-pvst\n"
    result = diff_configs(running, golden, platform="cisco_ios", model="WS-C2960X-24PD-L")
    assert result.remediation == ["aaa new-model", "spanning-tree mode rapid-pvst"]
    assert result.device_owned == []


def test_a_section_the_device_owns_may_hold_anything() -> None:
    running = "hostname a\nredundancy\n mode sso\n main-cpu\n  auto-sync standard\n"
    result = diff_configs(running, "hostname a\n", platform="cisco_iosxe")
    assert result.compliant and [o.line for o in result.device_owned] == ["redundancy"]
    assert "redundancy" not in result.uncovered


def _cli(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["diff", *args], env={}, stdout=out, stderr=err)
    return int(code), out.getvalue() + err.getvalue()


def test_cli_diff_json_says_what_it_left_alone() -> None:
    running, golden = (str(CASES / "isr_unused_port" / n) for n in ("running.cfg", "golden.cfg"))
    code, out = _cli(
        running, golden, "--platform", "cisco_iosxe", "--model", "ISR4321/K9", "--format", "json"
    )
    assert code == 0, out
    assert {"path": [], "line": "line aux 0"} in json.loads(out)["device_owned"]
    code, out = _cli(running, golden, "--platform", "cisco_iosxe")
    assert code == 0 and "4 device-owned line(s) left alone" in out
