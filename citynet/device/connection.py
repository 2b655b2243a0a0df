"""Nornir connection plugin ``citynet_netmiko``: netmiko with host keys checked by citynet.

Same as nornir_netmiko's plugin, except that the host key is checked with the
policy built from the project's known_hosts parsed once per run
(:mod:`citynet.device.hostkeys`) instead of netmiko re-reading the file per
device. ``extras["host_key_policy"]`` is required: without it nothing connects.
"""

from __future__ import annotations

from typing import Any

CONNECTION_NAME = "citynet_netmiko"


def netmiko_handler(
    hostname: str | None,
    username: str | None,
    password: str | None,
    port: int | None,
    platform: str | None,
    extras: dict[str, Any] | None,
) -> Any:
    """A netmiko connection object, not connected yet, checking host keys with the policy.

    netmiko loads no host keys of its own (``system_host_keys`` and
    ``alt_host_keys`` off), so every server key goes to the policy.
    """
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
    handler = ConnectHandler(**parameters)
    handler.key_policy = policy
    return handler


class CitynetNetmiko:
    """The connection plugin: ``connection`` is the netmiko object once open."""

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
        handler = netmiko_handler(hostname, username, password, port, platform, extras)
        try:
            handler._open()
        except BaseException:
            # netmiko cleans up after a failed open only when it opened the session
            # itself (auto_connect): without this, each failure leaves a log filter behind.
            handler.disconnect()
            raise
        self.connection = handler

    def close(self) -> None:
        self.connection.disconnect()


def register() -> None:
    """Make the plugin known to Nornir (idempotent)."""
    from nornir.core.plugins.connections import ConnectionPluginRegister

    if CONNECTION_NAME not in ConnectionPluginRegister.available:
        ConnectionPluginRegister.register(CONNECTION_NAME, CitynetNetmiko)
