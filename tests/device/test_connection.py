"""The real connection plugin: citynet's host-key policy on netmiko, cleaned up on failure."""

from __future__ import annotations

from typing import Any

import netmiko.base_connection
import pytest
from nornir.core.plugins.connections import ConnectionPluginRegister

from citynet.device.connection import CONNECTION_NAME, CitynetNetmiko, register
from citynet.device.hostkeys import load_known_hosts, make_policy
from tests.device.support import KNOWN_HOSTS

POLICY = make_policy(load_known_hosts(KNOWN_HOSTS))


def _open(plugin: CitynetNetmiko) -> None:
    plugin.open(
        "127.10.21.1",
        "netops",
        "Fixture-Passw0rd",
        None,
        "cisco_xe",
        {"host_key_policy": POLICY, "secret": "Fixture-Enable-S3cret", "conn_timeout": 3.0},
    )


def test_netmiko_checks_host_keys_only_with_citynet_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def opened(self: Any) -> None:  # instead of the SSH session: what netmiko would use
        seen.update(
            policy=self.key_policy,
            system=self.system_host_keys,
            alt=self.alt_host_keys,
            port=self.port,
            client=self._build_ssh_client(),
        )

    monkeypatch.setattr(netmiko.base_connection.BaseConnection, "_open", opened)
    plugin = CitynetNetmiko()
    _open(plugin)
    assert seen["policy"] is POLICY
    assert (seen["system"], seen["alt"], seen["port"]) == (False, False, 22)
    client = seen["client"]
    assert client._policy is POLICY
    assert len(client.get_host_keys()) == 0 and len(client._system_host_keys) == 0
    plugin.close()


def test_a_failed_open_leaves_no_netmiko_log_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(self: Any) -> None:
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(netmiko.base_connection.BaseConnection, "_open", refused)
    before = len(netmiko.base_connection.log.filters)
    for _ in range(3):
        with pytest.raises(ConnectionRefusedError):
            _open(CitynetNetmiko())
    assert len(netmiko.base_connection.log.filters) == before


def test_without_a_policy_nothing_connects() -> None:
    with pytest.raises(KeyError, match="host_key_policy"):
        CitynetNetmiko().open("127.10.21.1", "u", "p", 22, "cisco_xe", {})


def test_register_is_idempotent() -> None:
    register()
    register()
    assert ConnectionPluginRegister.available[CONNECTION_NAME] is CitynetNetmiko
