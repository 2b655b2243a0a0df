"""make_nornir(): the selected hosts through Nornir's filter; the inventory stays whole."""

from __future__ import annotations

import logging

import pytest
from nornir.core import Nornir
from nornir.core.configuration import Config

from citynet.device.connection import CONNECTION_NAME
from citynet.device.fleet import NOISY_LOGGERS, make_nornir, select_hosts
from citynet.device.options import ConnectionOptions
from citynet.errors import CitynetError
from citynet.inventory.nornir_plugin import to_nornir
from tests.device.support import CREDENTIALS, KNOWN_HOSTS, city


def test_selection_filters_and_leaves_the_inventory_whole() -> None:
    everything = Nornir(inventory=to_nornir(city()), config=Config())
    before = dict(everything.inventory.hosts)
    selected = select_hosts(everything, ["fs01-rtr01", "ch-core01"])
    assert sorted(selected.inventory.hosts) == ["ch-core01", "fs01-rtr01"]
    assert everything.inventory.hosts == before  # nothing deleted
    assert len(everything.inventory.hosts) == len(city().hosts)
    assert selected.inventory.hosts["fs01-rtr01"] is before["fs01-rtr01"]
    assert selected.inventory.groups is everything.inventory.groups
    assert selected.inventory.defaults is everything.inventory.defaults


def test_an_unknown_host_is_an_error() -> None:
    everything = Nornir(inventory=to_nornir(city()), config=Config())
    with pytest.raises(CitynetError, match="not in the inventory: fs99-rtr01"):
        select_hosts(everything, ["fs01-rtr01", "fs99-rtr01"])


def test_make_nornir_prepares_only_the_selected_hosts() -> None:
    nornir = make_nornir(
        city(),
        ["fs01-rtr01", "pw1-acc01"],
        workers=3,
        credentials=CREDENTIALS,
        known_hosts=KNOWN_HOSTS,
        options=ConnectionOptions(),
    )
    hosts = nornir.inventory.hosts
    assert sorted(hosts) == ["fs01-rtr01", "pw1-acc01"]
    assert hosts["fs01-rtr01"].connection_options[CONNECTION_NAME].platform == "cisco_xe"
    assert hosts["pw1-acc01"].connection_options[CONNECTION_NAME].platform == "cisco_ios"
    assert nornir.runner.num_workers == 3
    assert not nornir.config.logging.enabled
    for name in NOISY_LOGGERS:
        logger = logging.getLogger(name)
        assert not logger.propagate
        assert all(isinstance(h, logging.NullHandler) for h in logger.handlers)
