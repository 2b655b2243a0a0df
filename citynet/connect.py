"""How citynet reaches devices: credentials, host-key checking, timeouts, the safety check.

Nothing here opens a connection; it prepares a Nornir inventory so that every
connection netmiko (or NAPALM) opens verifies the host key against the
project's known_hosts, uses the environment's credentials, and is refused
outright when the address is outside the allowed target ranges.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citynet.errors import DeviceConnectionError, TargetNotAllowedError
from citynet.platforms import NAPALM, NETMIKO, Platform
from citynet.workspace import Settings, Workspace, target_allowed

KNOWN_HOSTS = "known_hosts"


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str
    enable_secret: str

    def __repr__(self) -> str:  # never print a password, even in a traceback
        return f"Credentials(username={self.username!r}, password=***, enable_secret=***)"


@dataclass(frozen=True)
class ConnectionOptions:
    """Timeouts and retries for one run."""

    conn_timeout: float = 10.0
    read_timeout: float = 60.0
    retries: int = 2
    backoff: float = 0.5
    """Seconds before the first retry; doubled for each next one."""


def credentials_from_env(
    env: Mapping[str, str], prompt: Callable[[str], str] | None = None
) -> Credentials:
    """``CITYNET_USERNAME`` / ``CITYNET_PASSWORD`` / ``CITYNET_ENABLE_SECRET`` (or a prompt).

    Raises:
        DeviceConnectionError: a credential is missing and there is no prompt.
    """
    values: dict[str, str] = {}
    for key, label in (
        ("CITYNET_USERNAME", "username"),
        ("CITYNET_PASSWORD", "password"),
        ("CITYNET_ENABLE_SECRET", "enable secret"),
    ):
        value = env.get(key, "")
        if not value and key == "CITYNET_ENABLE_SECRET":
            value = values.get("CITYNET_PASSWORD", "")
        if not value and prompt is not None:
            value = prompt(f"device {label}: ")
        if not value:
            raise DeviceConnectionError(
                f"no device {label}: set {key} in the environment (credentials are never "
                "kept in the inventory)"
            )
        values[key] = value
    return Credentials(
        values["CITYNET_USERNAME"], values["CITYNET_PASSWORD"], values["CITYNET_ENABLE_SECRET"]
    )


def known_hosts_path(workspace: Workspace) -> Path:
    return workspace.state_dir / KNOWN_HOSTS


def check_target(address: str, settings: Settings, host: str) -> None:
    """Refuse an address outside the allowed target ranges, before any packet is sent."""
    if not target_allowed(address, settings):
        ranges = ", ".join(str(n) for n in settings.allowed_targets)
        raise TargetNotAllowedError(
            f"{host}: refusing to connect to {address}: outside the allowed target ranges "
            f"({ranges}); a real deployment lists its management ranges under [safety] "
            "allowed_targets in citynet.toml"
        )


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


def prepare(
    nornir: Any, credentials: Credentials, known_hosts: Path, options: ConnectionOptions
) -> None:
    """Give every host of a Nornir object the credentials and connection options.

    Host keys are checked against ``known_hosts``, parsed once for the whole run.
    """
    from nornir.core.inventory import ConnectionOptions as NornirOptions

    from citynet.nornir_connections import CONNECTION_NAME, register
    from citynet.sshkeys import load_known_hosts, make_policy

    register()
    defaults = nornir.inventory.defaults
    defaults.username = credentials.username
    defaults.password = credentials.password
    policy = make_policy(load_known_hosts(known_hosts))
    for host in nornir.inventory.hosts.values():
        platform = Platform(host.platform)
        host.connection_options[CONNECTION_NAME] = NornirOptions(
            platform=NETMIKO[platform], extras=netmiko_extras(credentials, policy, options)
        )
        napalm = host.connection_options.get("napalm") or NornirOptions()
        optional = dict((napalm.extras or {}).get("optional_args", {}))
        optional.update(
            secret=credentials.enable_secret,
            ssh_strict=True,
            alt_host_keys=True,
            alt_key_file=str(known_hosts),
            conn_timeout=options.conn_timeout,
        )
        host.connection_options["napalm"] = NornirOptions(
            platform=NAPALM[platform],
            extras={
                **(napalm.extras or {}),
                "optional_args": optional,
                "timeout": int(options.read_timeout),
            },
        )
