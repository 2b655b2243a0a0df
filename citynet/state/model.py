"""What a state snapshot holds and what comparing two of them finds, as JSON-safe records."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Items = Mapping[str, Mapping[str, str]]
"""One feature's state: item (``Gi1/0/1``, ``dial-peer 100``) -> field -> value."""


def _freeze(items: Mapping[str, Mapping[str, object]]) -> dict[str, dict[str, str]]:
    return {str(k): {str(f): str(v) for f, v in sorted(fs.items())} for k, fs in items.items()}


@dataclass(frozen=True)
class RawSnapshot:
    """The show outputs of one device, not yet parsed.

    Attributes:
        platform: ``cisco_ios`` or ``cisco_iosxe``.
        features: the state features asked for.
        outputs: show command -> the text the device answered.
        host: the device's name (for reports; may be empty).
    """

    platform: str
    features: tuple[str, ...]
    outputs: Mapping[str, str]
    host: str = ""


@dataclass(frozen=True)
class Snapshot:
    """The operational state of one device, per state feature.

    Attributes:
        platform: ``cisco_ios`` or ``cisco_iosxe``.
        features: feature name -> item -> field -> value (strings only).
        errors: feature name -> why it could not be read (a rejected command ...).
        host: the device's name (may be empty).
    """

    platform: str
    features: Mapping[str, Items]
    errors: Mapping[str, str] = field(default_factory=dict)
    host: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (:meth:`from_dict` reads it back)."""
        return {
            "host": self.host,
            "platform": self.platform,
            "features": {name: _freeze(items) for name, items in self.features.items()},
            "errors": dict(self.errors),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Snapshot:
        """The snapshot :meth:`to_dict` wrote."""
        return cls(
            platform=str(data["platform"]),
            features={str(n): _freeze(i) for n, i in dict(data.get("features", {})).items()},
            errors={str(k): str(v) for k, v in dict(data.get("errors", {})).items()},
            host=str(data.get("host", "")),
        )


@dataclass(frozen=True)
class StateProblem:
    """One difference between the pre- and post-change state that an engineer must look at.

    Attributes:
        feature: the state feature (``ospf``, ``dial-peers`` ...).
        item: what it is about (``neighbor 10.0.127.1 on TwentyFiveGigE1/0/1``).
        before: the state before the change (``FULL``; ``absent``).
        after: the state after it (``INIT``; ``absent``; ``unreadable``).
        message: the whole finding in words.
    """

    feature: str
    item: str
    before: str
    after: str
    message: str

    def to_dict(self) -> dict[str, str]:
        """A JSON-safe dict."""
        return {
            "feature": self.feature,
            "item": self.item,
            "before": self.before,
            "after": self.after,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StateProblem:
        """The problem :meth:`to_dict` wrote."""
        return cls(**{k: str(data[k]) for k in ("feature", "item", "before", "after", "message")})
