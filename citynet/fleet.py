"""A Nornir object for the selected hosts, ready to connect safely."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from citynet.connect import ConnectionOptions, Credentials, prepare
from citynet.inventory.model import Inventory
from citynet.inventory.nornir_plugin import to_nornir


def make_nornir(
    inventory: Inventory,
    hosts: Iterable[str],
    *,
    workers: int,
    credentials: Credentials,
    known_hosts: Path,
    options: ConnectionOptions,
) -> Any:
    """Nornir over ``hosts`` with a threaded runner and no log file."""
    from nornir.core import Nornir
    from nornir.core.configuration import Config, LoggingConfig
    from nornir.core.plugins.connections import ConnectionPluginRegister
    from nornir.plugins.runners import ThreadedRunner

    ConnectionPluginRegister.auto_register()
    quiet_nornir_logs()

    selected = set(hosts)
    inv = to_nornir(inventory)
    for name in list(inv.hosts):
        if name not in selected:
            del inv.hosts[name]
    config = Config(logging=LoggingConfig(enabled=False))
    nornir = Nornir(inventory=inv, config=config, runner=ThreadedRunner(num_workers=workers))
    prepare(nornir, credentials, known_hosts, options)
    return nornir


def quiet_nornir_logs() -> None:
    """Nornir logs each failed host with its traceback; citynet reports failures itself."""
    for name in ("nornir", "netmiko", "paramiko", "napalm", "scrapli"):
        logger = logging.getLogger(name)
        logger.handlers = [logging.NullHandler()]
        logger.propagate = False
