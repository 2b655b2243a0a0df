"""The inventory as a pyATS testbed, for Genie parsers, Unicon connections and pyATS checks.

:func:`build_testbed` builds the testbed as plain data (a dict that ``yaml.safe_dump`` writes and
``pyats.topology.loader.load`` reads): one device per selected host, with its OS, platform and
model as Genie names them, and one ``cli`` connection to the host's address and port (the lab's
or the device's, whatever the inventory says). Credentials are never values: the testbed refers
to the same environment variables citynet reads (``%ENV{CITYNET_USERNAME}`` ...), which pyATS
resolves when it loads the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from citynet.device.credentials import ENVIRONMENT
from citynet.inventory.model import HostView
from citynet.platforms import GENIE, Platform

#: Genie's ``platform`` for a model, by the start of the model's name (as Genie's ``show
#: version`` parser learns it: ``cat9k``, ``isr``, ``c2960x``).
MODEL_PLATFORMS: dict[str, str] = {
    "C9200": "cat9k",
    "C9300": "cat9k",
    "C9400": "cat9k",
    "C9500": "cat9k",
    "ISR4": "isr",
    "WS-C2960X": "c2960x",
}

#: pyATS device ``type`` for a City role.
ROLE_TYPES: dict[str, str] = {
    "router": "router",
    "voice_gateway": "router",
    "core": "switch",
    "access": "switch",
}


def env_reference(variable: str) -> str:
    """A pyATS reference to an environment variable, resolved when the testbed loads.

    >>> env_reference("CITYNET_USERNAME")
    '%ENV{CITYNET_USERNAME}'
    """
    return "%ENV{" + variable + "}"


def credentials() -> dict[str, Any]:
    """The testbed's credentials: references to citynet's variables, never their values."""
    username, password, enable = (variable for variable, _ in ENVIRONMENT)
    return {
        "default": {"username": env_reference(username), "password": env_reference(password)},
        "enable": {"password": env_reference(enable)},
    }


def model_platform(model: str) -> str | None:
    """Genie's platform name for a hardware model, or None when it has none we know.

    >>> model_platform("C9300-48P"), model_platform("ISR4331/K9"), model_platform("X")
    ('cat9k', 'isr', None)
    """
    for prefix, platform in MODEL_PLATFORMS.items():
        if model.upper().startswith(prefix):
            return platform
    return None


def device_entry(view: HostView, known_hosts: Path | None = None) -> dict[str, Any]:
    """One host as a pyATS testbed device."""
    platform = view.platform or Platform.CISCO_IOSXE
    cli: dict[str, Any] = {
        "protocol": "ssh",
        "ip": view.address,
        "port": view.port or 22,
    }
    if known_hosts is not None:
        # verify the device's key against the project's known_hosts, as citynet does
        cli["ssh_options"] = f"-o UserKnownHostsFile={known_hosts} -o StrictHostKeyChecking=yes"
    entry: dict[str, Any] = {
        "os": GENIE[platform],
        "type": ROLE_TYPES.get(str(view.role), "router") if view.role else "router",
    }
    found = model_platform(view.model)
    if found is not None:
        entry["platform"] = found
    if view.model:
        entry["model"] = view.model
    entry["connections"] = {"defaults": {"class": "unicon.Unicon"}, "cli": cli}
    entry["custom"] = {
        "site": view.site,
        "region": view.region,
        "role": str(view.role) if view.role else "",
        "citynet_platform": str(platform),
        "tags": list(view.tags),
    }
    return entry


def build_testbed(
    views: Iterable[HostView], *, name: str = "citynet", known_hosts: Path | None = None
) -> dict[str, Any]:
    """The pyATS testbed for these hosts (sorted by name), as data.

    Args:
        views: the selected hosts.
        name: the testbed's name.
        known_hosts: the project's known_hosts, which each connection must verify keys against.
    """
    devices = {view.name: device_entry(view, known_hosts) for view in sorted(views, key=_name)}
    return {
        "testbed": {"name": name, "credentials": credentials()},
        "devices": devices,
    }


def _name(view: HostView) -> str:
    return view.name


def render_yaml(data: dict[str, Any]) -> str:
    """The testbed as YAML text (key order kept, as pyATS users write it)."""
    import yaml

    header = (
        "# pyATS testbed exported by 'citynet testbed' from the inventory.\n"
        "# Credentials are read from the environment when pyATS loads this file.\n"
    )
    body = yaml.safe_dump(data, sort_keys=False, default_flow_style=False, width=100)
    return header + body
