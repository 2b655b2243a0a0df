"""The baseline's rules: their schema (``baseline.yaml``), validated and compiled once.

A check is data: lines ``present`` and ``absent``, ``sections`` whose lines must
satisfy a check, ``any`` of several checks. Patterns are regexes matched
against whole lines; ``{name}`` stands for the values of a variable read from
the configuration (the parking VLAN, the VTY access list ...). Compiling turns
each pattern into a regex and the literal first word it needs, so that a
configuration's lines are looked up by first word rather than scanned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from citynet.errors import ConfigParseError
from citynet.inventory.schema import Role
from citynet.platforms import Platform

DATA_FILE = "baseline.yaml"
RULE_ID = re.compile(r"CN-[A-Z0-9]+-\d{2}$")
_VARIABLE = re.compile(r"\{([a-z_]+)\}")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PatternSpec(_Model):
    """A line (regex) with a section whose lines satisfy ``children``."""

    line: str
    children: CheckSpec | None = None


class SectionSpec(_Model):
    """Every section whose header matches (and satisfies ``where``) satisfies ``require``."""

    match: str
    where: CheckSpec | None = None
    require: CheckSpec
    at_least: int = Field(0, ge=0)


class CheckSpec(_Model):
    """What a group of lines must satisfy (every key given)."""

    present: tuple[str | PatternSpec, ...] = ()
    absent: tuple[str | PatternSpec, ...] = ()
    sections: tuple[SectionSpec, ...] = ()
    any: tuple[CheckSpec, ...] = ()


class VariableSpec(_Model):
    """Values read from a configuration: group 1 of ``section`` headers (satisfying
    ``where``), or group 1 of ``child`` lines under them."""

    section: str
    child: str | None = None
    where: CheckSpec | None = None


class RuleSpec(_Model):
    """One rule of the baseline."""

    id: str
    title: str
    rationale: str
    cis: str
    roles: tuple[Role, ...] = ()
    platforms: tuple[Platform, ...] = ()
    check: CheckSpec
    by_platform: dict[Platform, CheckSpec] = Field(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not RULE_ID.match(value):
            raise ValueError(f"rule id {value!r} must look like CN-AREA-01")
        return value


class BaselineSpec(_Model):
    """The whole file."""

    variables: dict[str, VariableSpec] = Field(default_factory=dict)
    rules: tuple[RuleSpec, ...]


PatternSpec.model_rebuild()
SectionSpec.model_rebuild()
CheckSpec.model_rebuild()


# --------------------------------------------------------------------------- compiled
@dataclass(frozen=True, slots=True)
class Pattern:
    """A compiled pattern: its regex source, its literal first word, a children check."""

    source: str
    first: str | None
    variables: tuple[str, ...]
    children: Check | None = None

    def describe(self) -> str:
        """How a report names it."""
        return self.source + (" (with its section)" if self.children else "")


@dataclass(frozen=True, slots=True)
class Section:
    pattern: Pattern
    where: Check | None
    require: Check
    at_least: int


@dataclass(frozen=True, slots=True)
class Check:
    present: tuple[Pattern, ...]
    absent: tuple[Pattern, ...]
    sections: tuple[Section, ...]
    any: tuple[Check, ...]


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    section: Pattern
    child: re.Pattern[str] | None
    where: Check | None


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule ready to run."""

    id: str
    title: str
    rationale: str
    cis: str
    roles: frozenset[str]
    platforms: frozenset[str]
    check: Check
    by_platform: dict[str, Check]

    def applies(self, role: str | None, platform: str | None) -> bool:
        """Whether the rule applies to a device of this role and platform."""
        if self.roles and role not in self.roles:
            return False
        return not self.platforms or platform in self.platforms

    def check_for(self, platform: str | None) -> Check:
        """The check of a platform (its own, else the rule's)."""
        return self.by_platform.get(platform or "", self.check)


@dataclass(frozen=True, slots=True)
class Rules:
    """The compiled baseline."""

    rules: tuple[Rule, ...]
    variables: dict[str, Variable]

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(rule.id for rule in self.rules)

    def by_id(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)


_LITERAL_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(?= |$)")


def _first_word(source: str) -> str | None:
    """The literal first word every matching line starts with, if the regex has one.

    >>> _first_word("ip http server"), _first_word("line (?:con 0|vty .*)")
    ('ip', 'line')
    >>> _first_word("(?:\\\\d+ )?permit .*") is None
    True
    """
    match = _LITERAL_WORD.match(source)
    return match.group(0) if match else None


def _pattern(item: str | PatternSpec, where: str, known: set[str]) -> Pattern:
    source = item if isinstance(item, str) else item.line
    variables = tuple(dict.fromkeys(_VARIABLE.findall(source)))
    for name in variables:
        if name not in known:
            raise ConfigParseError(f"{where}: '{source}' uses an unknown variable {{{name}}}")
    try:
        re.compile(_VARIABLE.sub("x", source))
    except re.error as exc:
        raise ConfigParseError(f"{where}: '{source}' is not a valid regex: {exc}") from None
    children = None
    if isinstance(item, PatternSpec) and item.children is not None:
        children = _check(item.children, where, known)
    return Pattern(source, _first_word(source), variables, children)


def _check(spec: CheckSpec, where: str, known: set[str]) -> Check:
    return Check(
        tuple(_pattern(p, where, known) for p in spec.present),
        tuple(_pattern(p, where, known) for p in spec.absent),
        tuple(
            Section(
                _pattern(s.match, where, known),
                _check(s.where, where, known) if s.where else None,
                _check(s.require, where, known),
                s.at_least,
            )
            for s in spec.sections
        ),
        tuple(_check(c, where, known) for c in spec.any),
    )


def compile_rules(data: Any, source: str = "baseline") -> Rules:
    """Validate and compile a baseline document.

    Raises:
        ConfigParseError: the document does not follow the schema, a regex is
            invalid, a variable is unknown, or two rules share an id.
    """
    try:
        spec = BaselineSpec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigParseError(f"{source}: {where}: {first['msg']}") from None
    known = set(spec.variables)
    variables = {}
    for name, var in spec.variables.items():
        where = f"{source}: variable {name}"
        child = None
        if var.child is not None:
            try:
                child = re.compile(var.child + r"\Z")
            except re.error as exc:
                raise ConfigParseError(f"{where}: invalid regex: {exc}") from None
        variables[name] = Variable(
            name,
            _pattern(var.section, where, set()),
            child,
            _check(var.where, where, set()) if var.where else None,
        )
    rules = []
    seen: set[str] = set()
    for rule in spec.rules:
        if rule.id in seen:
            raise ConfigParseError(f"{source}: rule {rule.id} is defined twice")
        seen.add(rule.id)
        where = f"{source}: rule {rule.id}"
        rules.append(
            Rule(
                rule.id,
                rule.title,
                " ".join(rule.rationale.split()),
                rule.cis,
                frozenset(str(r) for r in rule.roles),
                frozenset(str(p) for p in rule.platforms),
                _check(rule.check, where, known),
                {str(p): _check(c, where, known) for p, c in rule.by_platform.items()},
            )
        )
    return Rules(tuple(rules), variables)


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The City's baseline, from ``citynet/compliance/baseline.yaml``."""
    import yaml

    text = resources.files("citynet.compliance").joinpath(DATA_FILE).read_text("utf-8")
    return compile_rules(yaml.safe_load(text), f"citynet/compliance/{DATA_FILE}")
