"""A Nornir object for the selected hosts, ready to connect safely."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from citynet.device.credentials import Credentials
from citynet.device.options import ConnectionOptions, prepare
from citynet.errors import CitynetError
from citynet.inventory.model import Inventory

NOISY_LOGGERS = ("nornir", "netmiko", "paramiko", "napalm", "scrapli")


def make_nornir(
    inventory: Inventory,
    hosts: Iterable[str],
    *,
    workers: int,
    credentials: Credentials,
    known_hosts: Path,
    options: ConnectionOptions,
) -> Any:
    """Nornir over ``hosts`` of ``inventory``, with a threaded runner and no log file.

    The whole inventory is loaded and the hosts are selected with Nornir's
    ``filter``: the inventory itself stays whole (groups, defaults, every host).
    """
    from nornir.core import Nornir
    from nornir.core.configuration import Config, LoggingConfig
    from nornir.core.plugins.connections import ConnectionPluginRegister
    from nornir.plugins.runners import ThreadedRunner

    from citynet.inventory.nornir_plugin import to_nornir

    ConnectionPluginRegister.auto_register()
    quiet_nornir_logs()
    config = Config(logging=LoggingConfig(enabled=False))
    everything = Nornir(
        inventory=to_nornir(inventory), config=config, runner=ThreadedRunner(num_workers=workers)
    )
    nornir = select_hosts(everything, hosts)
    prepare(nornir, credentials, known_hosts, options)
    return nornir


def select_hosts(nornir: Any, hosts: Iterable[str]) -> Any:
    """A Nornir over ``hosts`` only; ``nornir`` and its inventory are left as they are.

    Raises:
        CitynetError: a name is not in the inventory.
    """
    wanted = frozenset(hosts)
    unknown = sorted(wanted - set(nornir.inventory.hosts))
    if unknown:
        raise CitynetError(f"not in the inventory: {', '.join(unknown)}")
    return nornir.filter(filter_func=lambda host: host.name in wanted)


def quiet_nornir_logs() -> None:
    """Nornir logs each failed host with its traceback; citynet reports failures itself."""
    for name in NOISY_LOGGERS:
        logger = logging.getLogger(name)
        logger.handlers = [logging.NullHandler()]
        logger.propagate = False
