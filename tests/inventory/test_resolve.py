"""Variables resolve host > site > group > defaults, exactly as Nornir resolves them."""

from __future__ import annotations

from typing import Any

import pytest
from nornir import InitNornir

from citynet.inventory.loader import load_inventory
from tests.support import FIXTURES, PROJECT

LAYERS = FIXTURES / "inventory" / "layers" / "inventory"


@pytest.mark.parametrize(
    ("host", "value", "layer", "line"),
    [
        ("fs1-acc02", "Fire Station 1 bay closet", "host fs1-acc02", "hosts.yaml:194"),
        ("fs1-acc01", "Fire Station 1 equipment room", "site FS1", "sites.yaml:35"),
        ("hq-acc01", "Access layer", "group role_access", "groups.yaml:13"),
        ("hq-rtr01", "City network", "defaults", "defaults.yaml:7"),
    ],
)
def test_each_layer_wins_over_the_ones_below(host: str, value: str, layer: str, line: str) -> None:
    view = load_inventory(LAYERS).views[host]
    assert view.data["snmp_location"] == value
    assert str(view.sources["snmp_location"]) == f"{layer} (inventory/{line})"


def test_site_layer_comes_first_in_groups() -> None:
    view = load_inventory(LAYERS).views["fs1-acc01"]
    assert view.groups == ("site_FS1", "role_access", "platform_iosxe", "region_north")
    assert str(view.sources["platform"]).startswith("group platform_iosxe")


def _nornir(plugin: str, options: dict[str, Any]) -> Any:
    return InitNornir(
        runner={"plugin": "serial"},
        inventory={"plugin": plugin, "options": options},
        logging={"enabled": False},
    )


@pytest.mark.parametrize("inventory_dir", [LAYERS, PROJECT / "inventory"], ids=["layers", "city"])
def test_same_values_as_nornir_for_every_host(inventory_dir: Any) -> None:
    ours = load_inventory(inventory_dir)
    nr = _nornir("CitynetInventory", {"inventory_dir": str(inventory_dir)})
    assert set(nr.inventory.hosts) == set(ours.views)
    for name, host in nr.inventory.hosts.items():
        view = ours.views[name]
        assert host.extended_data() == view.data, name
        assert host.platform == view.platform
        assert host.port == view.port
        assert [g.name for g in host.extended_groups()] == list(view.groups)


def test_simple_inventory_loads_the_files_as_they_are() -> None:
    inventory_dir = PROJECT / "inventory"
    nr = _nornir(
        "SimpleInventory",
        {
            "host_file": str(inventory_dir / "hosts.yaml"),
            "group_file": str(inventory_dir / "groups.yaml"),
            "defaults_file": str(inventory_dir / "defaults.yaml"),
        },
    )
    ours = load_inventory(inventory_dir)
    assert set(nr.inventory.hosts) == set(ours.views)
    for name, host in nr.inventory.hosts.items():
        view = ours.views[name]
        assert host.hostname == view.address
        assert host.platform == view.platform
        assert host["site"] == view.site
        # Without the site layer, everything but the site's variables is the same.
        site_keys = set(ours.site_data(view.site))
        expected = {k: v for k, v in view.data.items() if k not in site_keys}
        got = {k: v for k, v in host.extended_data().items() if k not in site_keys}
        assert got == expected, name


def test_each_host_has_its_own_napalm_port_options() -> None:
    nr = _nornir("CitynetInventory", {"inventory_dir": str(PROJECT / "inventory")})
    extras = [h.get_connection_parameters("napalm").extras for h in nr.inventory.hosts.values()]
    assert len({id(e["optional_args"]) for e in extras if e}) == len(extras)
    assert all(e["optional_args"]["port"] == 22 for e in extras if e)
