"""The City's own inventory: valid, complete, shaped as the City is."""

from __future__ import annotations

import ipaddress
from collections import Counter

import pytest

from citynet.inventory.loader import load_inventory
from citynet.inventory.model import Inventory
from citynet.inventory.schema import Pstn, Role, SiteKind
from tests.support import PROJECT


@pytest.fixture(scope="module")
def city() -> Inventory:
    return load_inventory(PROJECT / "inventory")


def test_85_sites_and_a_realistic_fleet(city: Inventory) -> None:
    assert len(city.sites) == 85
    assert 400 <= len(city.hosts) <= 700


def test_every_kind_of_city_site_is_there(city: Inventory) -> None:
    kinds = Counter(site.kind for site in city.sites.values())
    assert set(kinds) == set(SiteKind)
    assert kinds[SiteKind.DATA_CENTER] == 2
    assert kinds[SiteKind.COMMUNICATIONS_911] == 1
    assert kinds[SiteKind.EMERGENCY_OPERATIONS] == 1


def test_every_site_has_a_router_and_access(city: Inventory) -> None:
    roles_by_site: dict[str, set[Role]] = {}
    for view in city.views.values():
        assert view.role is not None
        roles_by_site.setdefault(view.site, set()).add(view.role)
    assert set(roles_by_site) == set(city.sites)
    for site_id, roles in roles_by_site.items():
        assert {Role.ROUTER, Role.ACCESS} <= roles, site_id


def test_core_at_large_sites_and_data_centers(city: Inventory) -> None:
    large = {
        SiteKind.DATA_CENTER,
        SiteKind.CITY_HALL,
        SiteKind.POLICE_HQ,
        SiteKind.FIRE_HQ,
        SiteKind.EMERGENCY_OPERATIONS,
        SiteKind.COMMUNICATIONS_911,
    }
    with_core = {v.site for v in city.views.values() if v.role is Role.CORE}
    assert {s for s, site in city.sites.items() if site.kind in large} <= with_core


def test_voice_gateways_where_the_site_has_pstn(city: Inventory) -> None:
    with_gateway = {v.site for v in city.views.values() if v.role is Role.VOICE_GATEWAY}
    needs = {s for s, site in city.sites.items() if site.voice and site.voice.pstn is not Pstn.NONE}
    assert with_gateway == needs


def test_management_addresses_are_unique_loopbacks(city: Inventory) -> None:
    addresses = [ipaddress.ip_address(v.address) for v in city.views.values()]
    assert all(a.is_loopback for a in addresses)
    assert len(set(addresses)) == len(addresses)


def test_both_platforms_and_realistic_models(city: Inventory) -> None:
    platforms = Counter(str(v.platform) for v in city.views.values())
    assert set(platforms) == {"cisco_ios", "cisco_iosxe"}
    models = {v.model for v in city.views.values()}
    assert {"ISR4451-X/K9", "C9500-24Y4C", "C9300-48P", "WS-C2960X-24PD-L"} <= models
