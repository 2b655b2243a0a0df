"""Faults a simulated device can be told to show, set and cleared while the lab runs."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields


@dataclass
class Faults:
    """The faults active on one device. All off by default.

    Attributes:
        drop_after_config_lines: close the SSH connection when this many configuration
            lines have been entered in one session (the k-th line is not applied).
        delay: seconds to wait before every answer.
        refuse_auth: reject every login.
        reject_pattern: configuration lines matching this regular expression are refused
            with ``% Invalid input detected``.
        hang: accept input but never answer (the session stays open and silent).
        change_host_key: present a new host key from the next listener restart on.
    """

    drop_after_config_lines: int | None = None
    delay: float = 0.0
    refuse_auth: bool = False
    reject_pattern: str | None = None
    hang: bool = False
    change_host_key: bool = False

    def rejects(self, line: str) -> bool:
        """Whether ``reject_pattern`` refuses a configuration line."""
        return bool(self.reject_pattern) and re.search(self.reject_pattern or "", line) is not None

    def clear(self) -> None:
        """Turn every fault off."""
        for item in fields(self):
            setattr(self, item.name, item.default)

    def active(self) -> dict[str, object]:
        """The faults that are on, by name."""
        return {
            item.name: getattr(self, item.name)
            for item in fields(self)
            if getattr(self, item.name) != item.default
        }


FAULT_NAMES: tuple[str, ...] = tuple(item.name for item in fields(Faults))
