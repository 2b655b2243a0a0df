"""Nornir connection plugin ``citynet_netmiko``: netmiko with host keys checked by citynet.

Same as nornir_netmiko's plugin, except that the host key is checked with a
policy built from the project's known_hosts parsed once per run
(:mod:`citynet.sshkeys`) instead of netmiko re-reading the file per device.
"""

from __future__ import annotations

from typing import Any

CONNECTION_NAME = "citynet_netmiko"


class CitynetNetmiko:
    """Connection plugin; ``extras["host_key_policy"]`` is required."""

    def open(
        self,
        hostname: str | None,
        username: str | None,
        password: str | None,
        port: int | None,
        platform: str | None,
        extras: dict[str, Any] | None = None,
        configuration: Any = None,
    ) -> None:
        from netmiko import ConnectHandler

        parameters = dict(extras or {})
        policy = parameters.pop("host_key_policy")
        parameters.update(
            host=hostname,
            username=username,
            password=password,
            port=port or 22,
            device_type=platform,
            ssh_strict=True,
            system_host_keys=False,
            alt_host_keys=False,
            auto_connect=False,
        )
        connection = ConnectHandler(**parameters)
        connection.key_policy = policy
        connection._open()
        self.connection = connection

    def close(self) -> None:
        self.connection.disconnect()


def register() -> None:
    """Make the plugin known to Nornir (idempotent)."""
    from nornir.core.plugins.connections import ConnectionPluginRegister

    if CONNECTION_NAME not in ConnectionPluginRegister.available:
        ConnectionPluginRegister.register(CONNECTION_NAME, CitynetNetmiko)
