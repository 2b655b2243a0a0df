"""Fleet workflows composed of tasks. A playbook takes a filtered Nornir and options and
returns data; it never prints. ``PLAYBOOKS`` is the registry the CLI uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PLAYBOOKS: dict[str, str] = {
    "backup": "playbooks.backup:backup",
    "drift": "playbooks.drift:drift_live",
    "drift-offline": "playbooks.drift:drift_offline",
}
"""Registry of fleet workflows: name -> "module:function" (imported when used, so that the
command line starts without loading device libraries)."""


def load(name: str) -> Callable[..., Any]:
    """The playbook registered under ``name``."""
    import importlib

    module, _, function = PLAYBOOKS[name].partition(":")
    return getattr(importlib.import_module(module), function)  # type: ignore[no-any-return]
