"""Connection options for a run, and the per-host arguments netmiko and NAPALM get.

Nothing here opens a connection: :func:`prepare` sets up a Nornir inventory so
that every connection netmiko (or NAPALM) opens verifies the host key against
the project's known_hosts and uses the environment's credentials.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citynet.device.connection import CONNECTION_NAME
from citynet.device.credentials import Credentials
from citynet.platforms import NAPALM, NETMIKO, Platform

NAPALM_CONNECTION = "napalm"


@dataclass(frozen=True)
class ConnectionOptions:
    """Timeouts and retries for one run, and the connection plugin that reads devices."""

    conn_timeout: float = 10.0
    read_timeout: float = 60.0
    retries: int = 2
    backoff: float = 0.5
    """Seconds before the first retry; doubled for each next one."""
    plugin: str = CONNECTION_NAME
    """The Nornir connection plugin (tests name the fake one, ``citynet_fake``)."""
    host_extras: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Extra plugin arguments per host name (the fake's script for that host)."""
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    """How to wait between retries (tests pass one that only records)."""


def netmiko_extras(
    credentials: Credentials, policy: Any, options: ConnectionOptions
) -> dict[str, Any]:
    """netmiko arguments: the host-key policy, timeouts, the enable secret."""
    return {
        "secret": credentials.enable_secret,
        "host_key_policy": policy,
        "allow_agent": False,
        "use_keys": False,
        "conn_timeout": options.conn_timeout,
        "auth_timeout": options.conn_timeout,
        "banner_timeout": options.conn_timeout,
        "fast_cli": True,
    }


def napalm_extras(
    existing: Mapping[str, Any] | None,
    port: int | None,
    credentials: Credentials,
    known_hosts: Path,
    options: ConnectionOptions,
) -> dict[str, Any]:
    """NAPALM arguments for one host: strict host keys against the project's known_hosts.

    A new ``optional_args`` dict every call, holding the host's port: nornir-napalm
    writes the port into the ``optional_args`` it is given, so hosts sharing one
    dict would all end up on the first host's port.
    """
    existing = existing or {}
    optional = dict(existing.get("optional_args") or {})
    optional.setdefault("port", port or 22)
    optional.update(
        secret=credentials.enable_secret,
        ssh_strict=True,
        alt_host_keys=True,
        alt_key_file=str(known_hosts),
        conn_timeout=options.conn_timeout,
    )
    return {**existing, "optional_args": optional, "timeout": int(options.read_timeout)}


def prepare(
    nornir: Any, credentials: Credentials, known_hosts: Path, options: ConnectionOptions
) -> None:
    """Give every host of a Nornir object the credentials and connection options.

    Host keys are checked against ``known_hosts``, parsed once for the whole run.
    """
    from nornir.core.inventory import ConnectionOptions as NornirOptions

    from citynet.device.connection import register
    from citynet.device.hostkeys import load_known_hosts, make_policy

    register()
    defaults = nornir.inventory.defaults
    defaults.username = credentials.username
    defaults.password = credentials.password
    policy = make_policy(load_known_hosts(known_hosts))
    for host in nornir.inventory.hosts.values():
        platform = Platform(host.platform)
        host.connection_options[options.plugin] = NornirOptions(
            platform=NETMIKO[platform],
            extras={
                **netmiko_extras(credentials, policy, options),
                **options.host_extras.get(host.name, {}),
            },
        )
        inherited = host.get_connection_parameters(NAPALM_CONNECTION).extras  # host, groups
        host.connection_options[NAPALM_CONNECTION] = NornirOptions(
            platform=NAPALM[platform],
            extras=napalm_extras(inherited, host.port, credentials, known_hosts, options),
        )
