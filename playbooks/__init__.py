"""Fleet workflows composed of tasks. A playbook takes a filtered Nornir and options and
returns data; it never prints. ``PLAYBOOKS`` is the registry the CLI uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PLAYBOOKS: dict[str, Callable[..., Any]] = {}
