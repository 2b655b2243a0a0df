"""Fleet workflows composed of tasks. A playbook takes a filtered Nornir and options and
returns data; it never prints. ``PLAYBOOKS`` is the registry the CLI uses.

Only the CLI imports this package, inside the handlers that run a playbook, so
``citynet --help`` loads no device library.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playbooks.apply import apply
from playbooks.backup import backup
from playbooks.drift import drift_live, drift_offline

PLAYBOOKS: dict[str, Callable[..., Any]] = {
    "apply": apply,
    "backup": backup,
    "drift": drift_live,
    "drift-offline": drift_offline,
}
"""Registry of fleet workflows: name -> the playbook."""
