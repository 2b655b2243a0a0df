"""Lines of a running configuration that are not the approved configuration.

Two kinds, as data:

* **noise** - what ``show running-config`` prints around the configuration (the
  build banner, timestamps, the clock's drift value). Redaction drops it, so it
  never reaches a backup; the diff engine ignores it.
* **device-owned lines** - configuration the device writes by itself (its software
  ``version``, the boot markers). Backups keep them (they are what the device
  runs); the diff engine never counts them as drift and never proposes to add or
  remove them.
"""

from __future__ import annotations

import re

NOISE: tuple[str, ...] = (
    r"Building configuration\.\.\.$",
    r"Current configuration ?: ?\d+ bytes$",
    r"! Last configuration change at ",
    r"! NVRAM config last updated at ",
    r"! No configuration change since last restart",
    r"ntp clock-period \d+$",
)
"""Noise, as regexes matched at the start of a top-level line."""

DEVICE_OWNED: tuple[str, ...] = (
    r"version \d[\w.()]*$",
    r"boot-start-marker$",
    r"boot-end-marker$",
)
"""Top-level lines every IOS and IOS-XE device writes by itself (regexes)."""

_NOISE = re.compile("|".join(f"(?:{p})" for p in NOISE))


def is_noise(line: str) -> bool:
    """Whether a top-level line is noise around the configuration.

    >>> is_noise("Current configuration : 1234 bytes"), is_noise("hostname r1")
    (True, False)
    """
    return _NOISE.match(line) is not None


def compile_lines(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One regex matching any of ``patterns`` at the start of a line."""
    return re.compile("|".join(f"(?:{p})" for p in patterns))
