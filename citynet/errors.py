"""Every error citynet raises on purpose, rooted at :class:`CitynetError`.

One subclass per phase. Messages are built before raising and say where the
problem is (file, line, host) and what to do about it; the CLI prints them
without a traceback.
"""

from __future__ import annotations


class CitynetError(Exception):
    """Base of every error that is the user's to fix (bad input, refused action)."""


class WorkspaceError(CitynetError):
    """The workspace or its settings file cannot be found or read."""


class SettingsError(WorkspaceError):
    """The settings file is malformed."""


class InventoryError(CitynetError):
    """The source-of-truth inventory is invalid. Carries every problem found."""

    def __init__(self, problems: list[object]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class RenderError(CitynetError):
    """A template could not be rendered for a host."""


class ConfigParseError(CitynetError):
    """A configuration text could not be parsed."""


class DeviceConnectionError(CitynetError):
    """A device could not be reached, or the connection was refused by a safety rule."""


class TargetNotAllowedError(DeviceConnectionError):
    """A connection to an address outside the allowed target ranges was refused."""


class ApprovalError(CitynetError):
    """An action needs an approval that is missing, stale or refused."""


class PushError(CitynetError):
    """Configuration could not be applied to a device."""
