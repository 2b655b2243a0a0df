"""Realistic out-of-band changes, for demos and tests of drift detection.

Pure: golden texts in, changed texts and a record of each change out. The
same seed gives the same changes.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class SeededChange:
    host: str
    feature: str
    change: str


def _drop_ntp(text: str) -> tuple[str, str] | None:
    servers = re.findall(r"^ntp server \S+$", text, re.M)
    if len(servers) < 2:
        return None
    return text.replace(servers[-1] + "\n", "", 1), f"removed '{servers[-1]}'"


def _snmp_location(text: str) -> tuple[str, str] | None:
    match = re.search(r"^snmp-server location (.+)$", text, re.M)
    if match is None:
        return None
    new = f"snmp-server location {match.group(1)} (moved)"
    return text.replace(match.group(0), new, 1), f"snmp location changed to '{new}'"


def _extra_logging(text: str) -> tuple[str, str] | None:
    match = re.search(r"^logging host \S+$", text, re.M)
    if match is None:
        return None
    line = "logging host 10.99.0.5"
    return text.replace(match.group(0), match.group(0) + "\n" + line, 1), f"added '{line}'"


def _interface_description(text: str) -> tuple[str, str] | None:
    match = re.search(r"^(interface \S+\n description )(.+)$", text, re.M)
    if match is None:
        return None
    return (
        text.replace(match.group(0), match.group(1) + "TEMP - vendor work", 1),
        f"'{match.group(1).splitlines()[0]}' description changed",
    )


KINDS: tuple[tuple[str, Callable[[str], tuple[str, str] | None]], ...] = (
    ("ntp", _drop_ntp),
    ("snmp", _snmp_location),
    ("logging", _extra_logging),
    ("interfaces", _interface_description),
)
"""The kinds of change, by the compliance feature each one shows up in."""


def seed_drift(
    configs: Mapping[str, str], count: int, seed: int = 2026
) -> tuple[dict[str, str], list[SeededChange]]:
    """Change ``count`` devices (chosen by ``seed``), one change each."""
    rng = random.Random(seed)
    hosts = sorted(configs)
    chosen = rng.sample(hosts, min(count, len(hosts)))
    changed = dict(configs)
    record = []
    for index, host in enumerate(sorted(chosen)):
        for offset in range(len(KINDS)):
            feature, change = KINDS[(index + offset) % len(KINDS)]
            outcome = change(changed[host])
            if outcome is not None:
                changed[host], description = outcome
                record.append(SeededChange(host, feature, description))
                break
    return changed, record
