"""Lines of a running configuration that are not the approved configuration.

Two kinds, as data:

* **noise** - what ``show running-config`` prints around the configuration (the
  build banner, timestamps, the clock's drift value). Redaction drops it, so it
  never reaches a backup; the diff engine ignores it.
* **device-owned lines** - configuration the device writes by itself. Two tiers:
  ``DEVICE_OWNED`` (its software ``version``, the boot markers) is never compared;
  the rest (licence, ``redundancy``, ``control-plane``, ``call-home``, self-signed
  trustpoints, the management VRF and port, every physical port of the model, the
  ``ip http`` defaults ...) is data in ``device_owned.yaml``, per family of models:
  owned where the golden config does not set the same line (see :class:`OwnedLines`).
  Backups keep them (they are what the device runs); the diff engine never counts
  them as drift and never proposes to add or remove them; the lab shows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

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


DATA_FILE = "device_owned.yaml"
"""The device-owned lines of each family of models, beside this module."""


def _whole(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One regex matching a whole line against any of ``patterns`` (never, when empty)."""
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\Z")


@dataclass(frozen=True)
class OwnedLines:
    """The lines a family of devices (or every family of a platform) writes by itself.

    Attributes:
        lines: top-level lines and whole sections (regexes).
        children: (section header regex, lines the device adds inside it).
        ports: the family's physical port headers (regexes).
        port_defaults: the lines of an unconfigured port (regexes).

    >>> owned = owned_lines("cisco_iosxe", "C9300-48P")
    >>> owned.owns_line("redundancy"), owned.owns_line("hostname sw1")
    (True, False)
    >>> owned.owned_child("control-plane", "service-policy input system-cpp-policy")
    True
    """

    lines: tuple[str, ...] = ()
    children: tuple[tuple[str, tuple[str, ...]], ...] = ()
    ports: tuple[str, ...] = ()
    port_defaults: tuple[str, ...] = ()
    _lines: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _headers: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _children: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = field(
        init=False, repr=False, compare=False
    )
    _ports: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _port_defaults: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_lines", _whole(self.lines))
        object.__setattr__(self, "_headers", _whole(tuple(h for h, _ in self.children)))
        object.__setattr__(
            self,
            "_children",
            tuple((re.compile(f"(?:{h})\\Z"), _whole(c)) for h, c in self.children),
        )
        object.__setattr__(self, "_ports", _whole(self.ports))
        object.__setattr__(self, "_port_defaults", _whole(self.port_defaults))

    def owns_line(self, text: str) -> bool:
        """Whether a top-level line (with its section) is one the device adds."""
        return self._lines.match(text) is not None

    def has_children(self, header: str) -> bool:
        """Whether the device adds lines inside sections with this header."""
        return self._headers.match(header) is not None

    def owned_child(self, header: str, text: str) -> bool:
        """Whether ``text`` under ``header`` is a line the device adds there."""
        return any(
            head.match(header) is not None and child.match(text) is not None
            for head, child in self._children
        )

    def is_port(self, header: str) -> bool:
        """Whether a top-level header is one of the family's physical ports."""
        return self._ports.match(header) is not None

    def is_port_default(self, text: str) -> bool:
        """Whether a line is one an unconfigured port shows."""
        return self._port_defaults.match(text) is not None

    def union(self, other: OwnedLines) -> OwnedLines:
        """The lines either family adds."""
        return OwnedLines(
            _merged(self.lines, other.lines),
            _merged(self.children, other.children),
            _merged(self.ports, other.ports),
            _merged(self.port_defaults, other.port_defaults),
        )


def _merged(first: tuple[Any, ...], second: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys((*first, *second)))


@dataclass(frozen=True)
class ModelDefaults:
    """What a device of one model shows by itself (the lab's data).

    Attributes:
        model: the model (``C9300-48P``).
        family: its family in ``device_owned.yaml``.
        platform: ``cisco_ios`` or ``cisco_iosxe``.
        shows: its own lines, with ``{serial}``-style placeholders (see the data file).
        ports: every physical port's name, in order.
        port_lines: the lines an unconfigured port shows.
        off_by_default: commands usually on by default that this model has off.
    """

    model: str
    family: str
    platform: str
    shows: str
    ports: tuple[str, ...]
    port_lines: tuple[str, ...]
    off_by_default: tuple[str, ...] = ()


_RANGE = re.compile(r"^(.*?)(\d+)-(\d+)$")


def expand_ports(spec: str) -> list[str]:
    """Port names from ``Name1/0/a-b`` (a range in the last number) or one name.

    >>> expand_ports("GigabitEthernet1/0/1-3")
    ['GigabitEthernet1/0/1', 'GigabitEthernet1/0/2', 'GigabitEthernet1/0/3']
    """
    match = _RANGE.match(spec)
    if match is None:
        return [spec]
    prefix, first, last = match.group(1), int(match.group(2)), int(match.group(3))
    return [f"{prefix}{number}" for number in range(first, last + 1)]


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    import yaml

    text = resources.files("citynet.ios").joinpath(DATA_FILE).read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _family(name: str) -> OwnedLines:
    entry = _data()["families"][name]
    return OwnedLines(
        tuple(entry.get("lines") or ()),
        tuple((h, tuple(c)) for h, c in (entry.get("children") or {}).items()),
        (entry["ports"],) if entry.get("ports") else (),
        tuple(entry.get("port_defaults") or ()),
    )


def families(platform: str) -> list[str]:
    """The families of models of a platform, in file order."""
    return [n for n, e in _data()["families"].items() if e["platform"] == str(platform)]


@lru_cache(maxsize=64)
def owned_lines(platform: str, model: str | None = None) -> OwnedLines:
    """The device-owned lines of a model (its family's), or of every family of the platform.

    A model the data does not know, or one of another platform, gets the platform's union.
    """
    found = model_defaults(model) if model else None
    if found is not None and found.platform == str(platform):
        return _family(found.family)
    result = OwnedLines()
    for name in families(platform):
        result = result.union(_family(name))
    return result


def module_port_lines(kind: str, port: str) -> list[str]:
    """What a module's port of ``kind`` (fxs, fxo, t1e1) shows by itself, header first
    (empty for a kind the data does not know).

    >>> module_port_lines("fxs", "0/1/0"), module_port_lines("t1e1", "0/2/1")[:2]
    (['voice-port 0/1/0'], ['controller T1 0/2/1', ' framing esf'])
    """
    entry = (_data().get("module_ports") or {}).get(str(kind))
    if entry is None:
        return []
    return [entry["header"].format(port=port), *(f" {line}" for line in entry["shows"])]


@lru_cache(maxsize=64)
def model_defaults(model: str) -> ModelDefaults | None:
    """What a device of ``model`` shows by itself, or None for a model the data lacks."""
    entry = _data()["models"].get(model)
    if entry is None:
        return None
    family = _data()["families"][entry["family"]]
    extra = entry.get("shows", "")
    shows = family.get("shows", "") + (f"{extra.rstrip()}\n" if extra else "")
    ports = tuple(name for spec in entry.get("ports", ()) for name in expand_ports(spec))
    return ModelDefaults(
        model,
        entry["family"],
        family["platform"],
        shows,
        ports,
        tuple(family.get("port_shows") or ()),
        tuple(family.get("off_by_default") or ()),
    )
