"""Inventory hosts to lab device specs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from citynet.lab.specs import default_serial, device_from_spec, specs_from_hosts


@dataclass
class FakeHost:
    name: str
    address: str
    model: str
    port: int | None = None
    data: dict[str, Any] = field(default_factory=dict)


def test_specs_carry_facts_and_neighbours_both_ways() -> None:
    hosts = [
        FakeHost("r1", "127.10.0.1", "ISR4331/K9", data={"serial": "FOC1"}),
        FakeHost(
            "sw1",
            "127.10.0.2",
            "WS-C2960X-48FPD-L",
            data={
                "uplinks": [
                    {"interface": "Gi1/0/49", "peer": "r1", "peer_interface": "Gi0/0/1"},
                    {"interface": "Gi1/0/50", "peer": "missing", "peer_interface": "x"},
                ]
            },
        ),
    ]
    specs = {s.name: s for s in specs_from_hosts(hosts, {"r1": "hostname r1\n"})}
    assert specs["r1"].port == 22
    assert specs["r1"].filesystem() == "bootflash:"
    assert specs["sw1"].platform == "cisco_ios"
    assert specs["sw1"].config_text == "hostname sw1\n"
    assert specs["sw1"].facts().serial == default_serial("sw1")
    (r1_side,) = specs["r1"].neighbors
    assert (r1_side.local_interface, r1_side.name, r1_side.interface) == (
        "Gi0/0/1",
        "sw1",
        "Gi1/0/49",
    )
    device = device_from_spec(specs["r1"], port=0)
    assert device.facts.serial == "FOC1"
    assert device.flash.name == "bootflash:"
    assert device.hostname == "r1"
