"""The hardware catalogue, and the inventory checked against it.

Each case under ``tests/fixtures/hardware/`` edits a copy of the valid fixture
inventory to break one hardware rule, and lists exactly the problems validation
reports (file, line, host, message and fix).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from citynet.diagnostics import Severity
from citynet.errors import InventoryError
from citynet.inventory.hardware import (
    PortUse,
    catalogue,
    expand_ports,
    hardware,
    module_ports,
    parse_catalogue,
)
from citynet.inventory.loader import load_inventory, validate_inventory
from citynet.inventory.schema import Role
from tests.support import FIXTURES, PROJECT

VALID = FIXTURES / "inventory" / "valid" / "inventory"
CASES = sorted((FIXTURES / "hardware").glob("*.yaml"))


def _broken_copy(case: dict[str, Any], root: Path) -> Path:
    folder = root / "inventory"
    shutil.copytree(VALID, folder)
    for edit in case["edits"]:
        path = folder / edit["file"]
        text = path.read_text()
        assert text.count(edit["replace"]) == 1, f"{edit['replace']!r} is not in {path.name} once"
        path.write_text(text.replace(edit["replace"], edit["with"]))
    return folder


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_each_broken_hardware_rule_gives_exactly_its_problems(
    case_file: Path, tmp_path: Path
) -> None:
    case = yaml.safe_load(case_file.read_text())
    inventory, problems = validate_inventory(_broken_copy(case, tmp_path))
    assert inventory is not None
    assert [str(p) for p in problems] == case["expected"]
    assert problems, "a broken case must produce at least one problem"


def test_the_valid_fixture_and_the_city_fit_their_hardware() -> None:
    assert validate_inventory(VALID)[1] == []
    city = load_inventory(PROJECT / "inventory")
    assert {view.model for view in city.views.values()} <= set(catalogue().models)


def test_the_catalogue_knows_what_the_city_runs() -> None:
    isr4321 = hardware("ISR4321/K9")
    assert isr4321 is not None and isr4321.throughput is not None
    assert [s.slot for s in isr4321.slots] == ["0/1", "0/2", "0/4"]
    assert isr4321.srst_max_phones == 50 and isr4321.throughput.default_mbps == 50
    assert hardware("WS-C2960X-24PD-L").software.train == "15.2"  # type: ignore[union-attr]
    for pid, model in catalogue().models.items():
        names = model.interfaces(model.max_members)
        assert len(names) == len(set(names)), pid
        assert model.pid == pid
        if Role.ACCESS in model.roles:
            assert model.access_ports and model.poe_budget_w, pid
        if Role.VOICE_GATEWAY in model.roles:
            assert model.srst_max_phones and model.throughput, pid
        assert model.group(PortUse.MANAGEMENT) is not None, pid


def test_module_ports_are_numbered_per_slot_in_the_catalogue_order() -> None:
    ports = module_ports({"0/2": "NIM-2MFT-T1/E1", "0/1": "NIM-2FXS/4FXOP"})
    assert ports["fxs"] == ["0/1/0", "0/1/1"]  # type: ignore[index]
    assert ports["fxo"] == ["0/1/2", "0/1/3", "0/1/4", "0/1/5"]  # type: ignore[index]
    assert ports["t1e1"] == ["0/2/0", "0/2/1"]  # type: ignore[index]


def test_a_run_of_ports_is_bounded() -> None:
    assert expand_ports("GigabitEthernet1/0/1-512") is not None
    assert expand_ports("GigabitEthernet1/0/1-513") is None
    assert expand_ports("GigabitEthernet1/0/1-99999999999999999999") is None
    assert expand_ports("Port-channel1") == ["Port-channel1"]


def test_a_broken_catalogue_names_its_file_and_line() -> None:
    text = (
        "models:\n"
        "  X1:\n"
        "    platform: cisco_iosxe\n"
        "    roles: [router]\n"
        "    software: {train: '17.9', release: 17.9.4a}\n"
        "    ports:\n"
        "    - {name: 'Gi0/0/{n}', count: 2, use: wan}\n"
    )
    with pytest.raises(InventoryError) as caught:
        parse_catalogue(text, "hardware.yaml")
    shown = [str(p) for p in caught.value.problems]
    assert (
        "hardware.yaml:7: error: models.X1.ports.0.use: Input should be 'access', 'uplink', "
        "'onboard' or 'management' (fix: correct the hardware catalogue)"
    ) in shown


def test_poe_is_a_warning_not_an_error(tmp_path: Path) -> None:
    case = yaml.safe_load((FIXTURES / "hardware" / "poe_over_budget.yaml").read_text())
    _, problems = validate_inventory(_broken_copy(case, tmp_path))
    assert {p.severity for p in problems} == {Severity.WARNING}
