"""Per-feature compliance from the drift, with features defined as data.

The features live in ``features.yaml`` beside this module. Each top-level
line belongs to the first feature whose pattern matches it; a feature is
``compliant``, or has lines ``missing`` from the running config, ``extra`` in
it, both (``missing+extra``), or only lines in the ``wrong-order``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from citynet.diff.compare import Change
from citynet.errors import ConfigParseError

UNCOVERED = "uncovered"
STATUSES = ("compliant", "missing", "extra", "missing+extra", "wrong-order")


@dataclass(frozen=True, slots=True)
class Feature:
    """A named group of top-level commands."""

    name: str
    match: tuple[str, ...]
    ordered: bool = False


@dataclass(slots=True)
class FeatureResult:
    """The compliance of one feature of one device."""

    name: str
    status: str = "compliant"
    lines: list[Change] = field(default_factory=list)

    @property
    def compliant(self) -> bool:
        """Whether running and golden agree on this feature."""
        return not self.lines


class FeatureSet:
    """Features compiled into one matcher, with a per-line cache."""

    def __init__(self, features: Sequence[Feature]) -> None:
        self.features = tuple(features)
        parts = []
        for number, feature in enumerate(self.features):
            alternatives = "|".join(f"(?:{p})" for p in feature.match)
            parts.append(f"(?P<f{number}>{alternatives})")
        self._regex = re.compile("|".join(parts)) if parts else None
        self._cache: dict[str, str] = {}

    def feature_of(self, line: str) -> str:
        """The feature a top-level line belongs to, or ``uncovered``."""
        found = self._cache.get(line)
        if found is not None:
            return found
        name = UNCOVERED
        if self._regex is not None:
            match = self._regex.match(line)
            if match and match.lastgroup:
                name = self.features[int(match.lastgroup[1:])].name
        if len(self._cache) < 100_000:
            self._cache[line] = name
        return name


def features_from_data(data: object, source: str = "features") -> list[Feature]:
    """Validate feature definitions loaded from YAML or JSON.

    Raises:
        ConfigParseError: the data is not a list of {name, match, ordered}.
    """
    items = data.get("features") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ConfigParseError(f"{source}: expected a 'features' list")
    out: list[Feature] = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ConfigParseError(f"{source}: feature #{number} needs a 'name'")
        match = item.get("match", item.get("section"))
        if isinstance(match, str):
            match = [match]
        if not isinstance(match, list) or not all(isinstance(m, str) for m in match):
            raise ConfigParseError(f"{source}: feature {item['name']!r} needs a 'match' list")
        out.append(
            Feature(
                item["name"],
                tuple(re.escape(m) if "section" in item else m for m in match),
                bool(item.get("ordered", False)),
            )
        )
    return out


@lru_cache(maxsize=1)
def default_features() -> FeatureSet:
    """The City's features, from ``features.yaml``."""
    import yaml

    text = resources.files("citynet.diff").joinpath("features.yaml").read_text("utf-8")
    return FeatureSet(features_from_data(yaml.safe_load(text), "citynet/diff/features.yaml"))


def _status(lines: Iterable[Change]) -> str:
    kinds = {change.kind for change in lines}
    if not kinds:
        return "compliant"
    if kinds == {"order"}:
        return "wrong-order"
    has_missing, has_extra = "missing" in kinds, "extra" in kinds
    if has_missing and has_extra:
        return "missing+extra"
    return "missing" if has_missing else "extra" if has_extra else "wrong-order"


def assess(
    changes: Iterable[Change], top_lines: Iterable[str], features: FeatureSet
) -> tuple[list[FeatureResult], list[str]]:
    """Per-feature results (every feature, in definition order) and uncovered lines.

    Changes under top-level lines no feature covers are reported in a final
    ``uncovered`` feature, so no drift is hidden.
    """
    results = {f.name: FeatureResult(f.name) for f in features.features}
    for change in changes:
        top = change.path[0] if change.path else change.line
        name = features.feature_of(top)
        result = results.get(name)
        if result is None:
            result = results[name] = FeatureResult(name)
        result.lines.append(change)
    uncovered = [line for line in top_lines if features.feature_of(line) == UNCOVERED]
    if uncovered and UNCOVERED not in results:
        results[UNCOVERED] = FeatureResult(UNCOVERED)
    for result in results.values():
        result.status = _status(result.lines)
    return list(results.values()), uncovered
