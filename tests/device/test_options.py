"""prepare(): every host gets credentials, the host-key policy, and its own NAPALM options."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from napalm.ios.ios import IOSDriver
from nornir.core import Nornir
from nornir.core.configuration import Config
from nornir.core.inventory import (
    ConnectionOptions as NornirOptions,
)
from nornir.core.inventory import (
    Defaults,
    Group,
    Groups,
    Host,
    Hosts,
    Inventory,
    ParentGroups,
)
from nornir.core.plugins.connections import ConnectionPluginRegister

from citynet.device.connection import CONNECTION_NAME
from citynet.device.hostkeys import KnownHostsPolicy
from citynet.device.options import ConnectionOptions, napalm_extras, prepare
from tests.device.support import CREDENTIALS, KNOWN_HOSTS

SHARED: dict[str, Any] = {"optional_args": {"global_delay_factor": 2}, "timeout": 5}
"""Group-level NAPALM extras, one dict for every host of the group."""


def _nornir() -> Nornir:
    defaults = Defaults()
    group = Group(
        "platform_iosxe",
        platform="cisco_iosxe",
        defaults=defaults,
        connection_options={"napalm": NornirOptions(extras=SHARED)},
    )
    hosts = Hosts(
        {
            name: Host(
                name,
                hostname="127.10.21.1",
                port=port,
                groups=ParentGroups([group]),
                defaults=defaults,
                connection_options=(
                    {"napalm": NornirOptions(extras={"optional_args": {"port": port}})}
                    if name == "c"
                    else {}
                ),
            )
            for name, port in (("a", 2201), ("b", 2202), ("c", 2203))
        }
    )
    inventory = Inventory(hosts=hosts, groups=Groups({"platform_iosxe": group}), defaults=defaults)
    return Nornir(inventory=inventory, config=Config())


def test_credentials_and_the_host_key_policy_for_every_host() -> None:
    nornir = _nornir()
    prepare(nornir, CREDENTIALS, KNOWN_HOSTS, ConnectionOptions(conn_timeout=4.0))
    defaults = nornir.inventory.defaults
    assert (defaults.username, defaults.password) == ("netops", "Fixture-Passw0rd")
    extras = [h.connection_options[CONNECTION_NAME].extras for h in nornir.inventory.hosts.values()]
    policies = {id(e["host_key_policy"]) for e in extras}
    assert len(policies) == 1  # known_hosts parsed once for the run
    assert isinstance(extras[0]["host_key_policy"], KnownHostsPolicy)
    assert len({id(e) for e in extras}) == len(extras)
    assert extras[0]["secret"] == "Fixture-Enable-S3cret"
    assert (extras[0]["conn_timeout"], extras[0]["allow_agent"], extras[0]["use_keys"]) == (
        4.0,
        False,
        False,
    )
    assert {h.connection_options[CONNECTION_NAME].platform for h in nornir.inventory.hosts.values()}


def test_napalm_keeps_strict_host_keys_and_each_host_its_own_options() -> None:
    nornir = _nornir()
    prepare(nornir, CREDENTIALS, KNOWN_HOSTS, ConnectionOptions(read_timeout=30))
    napalm = {
        name: host.connection_options["napalm"] for name, host in nornir.inventory.hosts.items()
    }
    optional = {name: options.extras["optional_args"] for name, options in napalm.items()}
    assert len({id(args) for args in optional.values()}) == 3  # never one shared dict
    for name, args in optional.items():
        assert args["ssh_strict"] is True, name
        assert args["alt_host_keys"] is True
        assert args["alt_key_file"] == str(KNOWN_HOSTS)
        assert args["secret"] == "Fixture-Enable-S3cret"
        assert args.get("global_delay_factor") == (None if name == "c" else 2)  # host's win
        assert napalm[name].platform == "ios"
        assert napalm[name].extras["timeout"] == 30
    assert [args["port"] for args in optional.values()] == [2201, 2202, 2203]
    assert SHARED == {"optional_args": {"global_delay_factor": 2}, "timeout": 5}  # untouched


def test_napalm_connects_each_host_on_its_own_port_with_strict_keys(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: dict[str, dict[str, Any]] = {}

    def netmiko_open(self: IOSDriver, device_type: str, netmiko_optional_args: Any = None) -> Any:
        opened[self.hostname + str(len(opened))] = dict(netmiko_optional_args or {})
        return None

    monkeypatch.setattr(IOSDriver, "_netmiko_open", netmiko_open)
    ConnectionPluginRegister.auto_register()
    nornir = _nornir()
    prepare(nornir, CREDENTIALS, KNOWN_HOSTS, ConnectionOptions())
    for host in nornir.inventory.hosts.values():  # nornir-napalm's own open(), in turn
        host.open_connection("napalm", nornir.config)
    assert [args["port"] for args in opened.values()] == [2201, 2202, 2203]
    for args in opened.values():
        assert args["ssh_strict"] is True
        assert args["alt_host_keys"] is True and args["alt_key_file"] == str(KNOWN_HOSTS)


def test_napalm_extras_never_change_what_they_are_given(tmp_path: Path) -> None:
    given = {"optional_args": {"transport": "ssh"}, "timeout": 1}
    built = napalm_extras(given, None, CREDENTIALS, tmp_path / "kh", ConnectionOptions())
    assert given == {"optional_args": {"transport": "ssh"}, "timeout": 1}
    assert built["optional_args"] is not given["optional_args"]
    assert built["optional_args"]["port"] == 22
    assert (
        napalm_extras(None, 2222, CREDENTIALS, tmp_path, ConnectionOptions())["optional_args"][
            "port"
        ]
        == 2222
    )


def test_host_extras_go_only_to_their_host() -> None:
    nornir = _nornir()
    options = ConnectionOptions(plugin="citynet_fake", host_extras={"b": {"script": "B"}})
    prepare(nornir, CREDENTIALS, KNOWN_HOSTS, options)
    hosts = nornir.inventory.hosts
    assert hosts["b"].connection_options["citynet_fake"].extras["script"] == "B"
    assert "script" not in hosts["a"].connection_options["citynet_fake"].extras
    assert CONNECTION_NAME not in hosts["a"].connection_options
