"""A platform's driver: what citynet knows of one OS, looked up by name.

As hier_config's ``platforms/<os>/driver.py``: one object per platform holding
its rules, so that code asks the driver rather than testing platform names.
IOS and IOS-XE share the configuration language; they differ in the lines a
device writes by itself and in the names other libraries give them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from citynet.errors import ConfigParseError
from citynet.ios import noise as lines
from citynet.ios.secrets import SECRET_KINDS, SecretKind, mask_line
from citynet.platforms import GENIE, NAPALM, NETMIKO, SCRAPLI, Platform


@dataclass(frozen=True)
class Driver:
    """What citynet knows about one platform's configuration text.

    Attributes:
        platform: the platform.
        secrets: the kinds of secret it can hold (the one table).
        noise: lines around the configuration, dropped from backups and diffs.
        device_owned: lines the device writes by itself that no golden config sets
            (version, boot markers): kept in backups, never compared. The others
            are data, per model: see :meth:`owned`.
    """

    platform: Platform
    secrets: tuple[SecretKind, ...] = SECRET_KINDS
    noise: tuple[str, ...] = lines.NOISE
    device_owned: tuple[str, ...] = lines.DEVICE_OWNED
    _noise: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _ignored: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _starts: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        every = (*self.noise, *self.device_owned)
        object.__setattr__(self, "_noise", lines.compile_lines(self.noise))
        object.__setattr__(self, "_ignored", lines.compile_lines(every))
        # Every pattern's literal start: most lines are told apart by one startswith.
        object.__setattr__(self, "_starts", tuple(_literal_start(p) for p in every))

    def is_noise(self, line: str) -> bool:
        """Whether a top-level line is noise (never stored, never compared)."""
        return self._noise.match(line) is not None

    def is_device_owned(self, line: str) -> bool:
        """Whether a top-level line is written by the device itself.

        >>> driver_for("cisco_iosxe").is_device_owned("version 17.9")
        True
        """
        return self._ignored.match(line) is not None and not self.is_noise(line)

    def owned(self, model: str | None = None) -> lines.OwnedLines:
        """The lines a device of this platform (and ``model``, when known) adds by itself.

        Owned only where the golden config does not set the same line (see
        ``citynet.ios.noise``); the model's family when the data knows the model,
        else every family of the platform.

        >>> driver_for("cisco_iosxe").owned("ISR4321/K9").owns_line("line aux 0")
        True
        """
        return lines.owned_lines(str(self.platform), model)

    def ignored_by_diff(self, line: str) -> bool:
        """Whether the diff engine skips a top-level line (noise or device-owned)."""
        return line.startswith(self._starts) and self._ignored.match(line) is not None

    def mask(self, line: str) -> str:
        """Mask the secrets of one line given without its indentation."""
        return mask_line(line)

    @property
    def netmiko(self) -> str:
        """netmiko's device_type."""
        return NETMIKO[self.platform]

    @property
    def napalm(self) -> str:
        """NAPALM's driver name."""
        return NAPALM[self.platform]

    @property
    def scrapli(self) -> str:
        """scrapli's platform name."""
        return SCRAPLI[self.platform]

    @property
    def genie(self) -> str:
        """Genie's ``os``."""
        return GENIE[self.platform]


def _literal_start(pattern: str) -> str:
    """The text every match of ``pattern`` starts with (up to its first special character).

    >>> _literal_start(r"ntp clock-period \\d+$"), _literal_start(r"version \\d[\\w.()]*$")
    ('ntp clock-period ', 'version ')
    """
    match = re.match(r"[^\\.^$*+?{}\[\]|()]*", pattern)
    literal = match.group(0) if match else ""
    # A quantifier applies to the character before it: that one is not certain.
    if len(literal) < len(pattern) and pattern[len(literal)] in "*?{":
        literal = literal[:-1]
    return literal


DRIVERS: dict[Platform, Driver] = {
    Platform.CISCO_IOS: Driver(Platform.CISCO_IOS),
    Platform.CISCO_IOSXE: Driver(Platform.CISCO_IOSXE),
}
"""The driver of each platform."""


def driver_for(name: str | Platform) -> Driver:
    """The driver of a platform given by name.

    Raises:
        ConfigParseError: the platform is not one citynet manages.

    >>> driver_for("cisco_ios").napalm
    'ios'
    """
    try:
        return DRIVERS[Platform(name)]
    except ValueError:
        known = ", ".join(str(p) for p in Platform)
        raise ConfigParseError(
            f"platform {name!r} is not supported; use one of {known}"
        ) from None
