"""What a show handler is given and what it answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from citynet.lab.config_engine import CommandError, ConfigNode

if TYPE_CHECKING:
    from citynet.lab.device import LabDevice
    from citynet.lab.shows.model import DeviceFacts


@dataclass(frozen=True)
class ShowRequest:
    """One ``show`` command as typed on a device.

    Attributes:
        device: the device asked (its running configuration, facts, files and archive).
        args: the words after the command's keywords (only for commands ending in ``LINE``).
        columns: where each of ``args`` starts in the typed line, for the ``^`` of an error.
        privileged: whether the session is at privilege level 15.
        term_length: the session's ``terminal length``.
        term_width: the session's ``terminal width``.
    """

    device: LabDevice
    args: tuple[str, ...] = ()
    columns: tuple[int, ...] = ()
    privileged: bool = True
    term_length: int = 24
    term_width: int = 80

    @property
    def root(self) -> ConfigNode:
        """The running configuration."""
        return self.device.running

    @property
    def facts(self) -> DeviceFacts:
        """What the hardware reports: model, serial, version, neighbours."""
        return self.device.facts

    def invalid(self, index: int = 0) -> CommandError:
        """``% Invalid input`` with the caret under argument ``index``."""
        column = self.columns[index] if index < len(self.columns) else 0
        return CommandError("invalid", column)


ShowOutput = str | CommandError
"""A handler's answer: the output, or the parser error IOS prints instead."""

ShowHandler = Callable[[ShowRequest], ShowOutput]
