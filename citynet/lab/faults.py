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
        voice_down: voice items matching this regular expression report down in the voice
            show commands, whatever the configuration says: ``dial-peer 200``,
            ``voice-port 0/2/0:23``, ``Serial0/2/0:23`` (the ISDN D-channel: layer 1
            deactivated, layer 2 not established), ``sip-ua register 5550001`` (the
            registration), ``dsp 0/4`` (the DSPs of a voice card), ``phone 0022.5555.9A10``.
    """

    drop_after_config_lines: int | None = None
    delay: float = 0.0
    refuse_auth: bool = False
    reject_pattern: str | None = None
    hang: bool = False
    change_host_key: bool = False
    voice_down: str | None = None

    def rejects(self, line: str) -> bool:
        """Whether ``reject_pattern`` refuses a configuration line."""
        return bool(self.reject_pattern) and re.search(self.reject_pattern or "", line) is not None

    def voice_item_down(self, item: str) -> bool:
        """Whether ``voice_down`` takes the voice item named ``item`` down."""
        return bool(self.voice_down) and re.search(self.voice_down or "", item) is not None

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
