"""The approval policy: one data file in the workspace, validated like the inventory.

``inventory/change_policy.yaml`` says who may act (people and service accounts,
each with an SSH public key, roles and groups), how many approvers a change needs
by risk level and from which groups, how long an approval lasts, when each kind
of site may be changed (in the City's time zone), the freezes, and how emergency
changes are handled. Every problem is reported with its file and line.

The policy's hash (SHA-256 of its validated content, so comments and layout do
not count) is part of every signature: an approval made under one policy is void
under another.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints, ValidationError

from citynet.changes.canonical import digest
from citynet.changes.risk import FLAGS
from citynet.changes.signing import PublicKey, parse_public_key
from citynet.changes.windows import (
    CITY_TIMEZONE,
    DAYS,
    Calendar,
    Freeze,
    Window,
    parse_clock,
    parse_local,
)
from citynet.diagnostics import Diagnostic
from citynet.errors import ApprovalError
from citynet.inventory.schema import SiteKind
from citynet.inventory.yamlload import YamlDoc, load_yaml_file, load_yaml_text

POLICY_FILE = "inventory/change_policy.yaml"
LEVELS = ("low", "medium", "high", "critical")
ROLES = ("plan", "approve", "apply", "rollback")

Name = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Za-z][A-Za-z0-9._-]{0,62}$")]
Text = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=300)]
OneLine = Annotated[
    str, StringConstraints(strict=True, max_length=300, pattern=r"^[^\x00-\x1f\x7f]*$")
]
Level = Literal["low", "medium", "high", "critical"]
Role = Literal["plan", "approve", "apply", "rollback"]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Flag = Literal[
    "lockout",
    "aaa",
    "management",
    "routing",
    "uplinks",
    "voice",
    "emergency_calls",
    "public_safety",
]
assert set(Flag.__args__) == set(FLAGS)  # type: ignore[attr-defined]


class PolicyError(ApprovalError):
    """The change policy is missing or invalid. Carries every problem found."""

    def __init__(self, problems: Sequence[Diagnostic]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PersonEntry(_Model):
    name: Name
    kind: Literal["person", "service"] = "person"
    ssh_key: Annotated[str, StringConstraints(strict=True, min_length=20, max_length=16000)]
    roles: list[Role] = Field(min_length=1)
    groups: list[Name] = Field(default_factory=list)


class WindowEntry(_Model):
    days: list[Day] = Field(min_length=1)
    start: Annotated[str, StringConstraints(strict=True)]
    end: Annotated[str, StringConstraints(strict=True)]


class WindowsEntry(_Model):
    default: list[WindowEntry] = Field(min_length=1)
    by_site_kind: dict[SiteKind, list[WindowEntry]] = Field(default_factory=dict)


class FreezeEntry(_Model):
    name: Text
    start: Annotated[str, StringConstraints(strict=True)]
    end: Annotated[str, StringConstraints(strict=True)]
    reason: OneLine = ""


class QuorumEntry(_Model):
    approvals: StrictInt = Field(ge=1, le=10)
    groups: list[Name] = Field(default_factory=list)


class GroupRuleEntry(_Model):
    flag: Flag
    group: Name
    approvals: StrictInt = Field(default=1, ge=1, le=10)


class EmergencyEntry(_Model):
    approvals: StrictInt = Field(ge=1, le=10)
    groups: list[Name] = Field(default_factory=list)
    review_within_hours: StrictInt = Field(ge=1, le=24 * 30)
    review_approvals: StrictInt = Field(default=1, ge=1, le=10)
    review_groups: list[Name] = Field(default_factory=list)


class PolicyFile(_Model):
    """The change policy file, as written."""

    timezone: Text = CITY_TIMEZONE
    public_safety_site_kinds: list[SiteKind] = Field(default_factory=list)
    groups: dict[Name, Text]
    people: list[PersonEntry] = Field(min_length=1)
    risk_levels: dict[Flag, Level] = Field(default_factory=dict)
    quorum: dict[Level, QuorumEntry]
    group_rules: list[GroupRuleEntry] = Field(default_factory=list)
    approval_expiry_hours: StrictInt = Field(ge=1, le=24 * 30)
    plan_expiry_days: StrictInt = Field(default=14, ge=1, le=365)
    signature_max_age_minutes: StrictInt = Field(default=15, ge=1, le=24 * 60)
    windows: WindowsEntry
    freezes: list[FreezeEntry] = Field(default_factory=list)
    emergency: EmergencyEntry


@dataclass(frozen=True)
class Person:
    """Someone (or a service account) the policy lets act."""

    name: str
    kind: str
    key: PublicKey
    roles: frozenset[str]
    groups: frozenset[str]

    def describe(self) -> str:
        roles = ", ".join(r for r in ROLES if r in self.roles)
        return f"{self.name} ({self.kind}; roles {roles})"


@dataclass(frozen=True)
class Quorum:
    """What a plan needs: how many approvers, from which groups, and per-group minimums."""

    level: str
    approvals: int
    groups: frozenset[str]
    required: tuple[tuple[str, int, str], ...] = ()
    """(group, approvals, flag that requires it)."""
    emergency: bool = False

    @property
    def eligible(self) -> frozenset[str]:
        """Groups whose members may approve (empty: anyone with the approve role)."""
        if not self.groups:
            return frozenset()
        return self.groups | {g for g, _, _ in self.required}

    def describe(self) -> str:
        who = f" from {', '.join(sorted(self.eligible))}" if self.eligible else ""
        text = f"{self.approvals} approval(s){who}"
        for group, count, flag in self.required:
            text += f", {count} of them from {group} ({flag})"
        return text


class Policy:
    """A validated change policy."""

    def __init__(self, data: PolicyFile, source: str = POLICY_FILE) -> None:
        self.data = data
        self.source = source
        self.zone = ZoneInfo(data.timezone)
        self.people = tuple(
            Person(
                p.name,
                p.kind,
                parse_public_key(p.ssh_key),
                frozenset(p.roles),
                frozenset(p.groups),
            )
            for p in data.people
        )
        self._by_fingerprint = {p.key.fingerprint: p for p in self.people}

    @cached_property
    def document(self) -> dict[str, Any]:
        """The policy's content, JSON-ready (what its hash covers)."""
        return self.data.model_dump(mode="json")

    @cached_property
    def hash(self) -> str:
        """SHA-256 of the policy's canonical content."""
        return digest(self.document)

    @classmethod
    def from_document(cls, document: Mapping[str, Any], source: str = "stored policy") -> Policy:
        """A policy from its stored content (as recorded under its hash).

        Raises:
            PolicyError: the content is not a valid policy.
        """
        try:
            return cls(PolicyFile.model_validate(dict(document)), source)
        except ValidationError as exc:
            raise PolicyError(
                [Diagnostic(source, None, f"not a valid policy: {e['msg']}") for e in exc.errors()]
            ) from None

    def person_with_key(self, key: PublicKey) -> Person | None:
        """The person or service account whose key this is."""
        return self._by_fingerprint.get(key.fingerprint)

    def person_with_fingerprint(self, fingerprint: str) -> Person | None:
        """The person or service account whose key has this fingerprint."""
        return self._by_fingerprint.get(fingerprint)

    def person_named(self, name: str) -> Person | None:
        for person in self.people:
            if person.name.lower() == name.lower():
                return person
        return None

    @property
    def public_safety_kinds(self) -> frozenset[str]:
        return frozenset(str(k) for k in self.data.public_safety_site_kinds)

    @property
    def approval_expiry(self) -> timedelta:
        return timedelta(hours=self.data.approval_expiry_hours)

    @property
    def plan_expiry(self) -> timedelta:
        return timedelta(days=self.data.plan_expiry_days)

    @property
    def signature_max_age(self) -> timedelta:
        return timedelta(minutes=self.data.signature_max_age_minutes)

    @property
    def review_within(self) -> timedelta:
        return timedelta(hours=self.data.emergency.review_within_hours)

    def level(self, flags: Iterable[str]) -> str:
        """The risk level of a set of flags: the highest level any of them maps to."""
        found = [self.data.risk_levels.get(f, "low") for f in flags]  # type: ignore[call-overload]
        return max(found, key=LEVELS.index, default="low")

    def quorum(self, flags: Iterable[str], *, emergency: bool = False) -> Quorum:
        """What a plan with these risk flags needs to be approved."""
        flags = set(flags)
        level = self.level(flags)
        if emergency:
            entry = self.data.emergency
            return Quorum(level, entry.approvals, frozenset(entry.groups), (), True)
        base = self.data.quorum[level]  # type: ignore[index]
        required = tuple(
            (r.group, r.approvals, r.flag) for r in self.data.group_rules if r.flag in flags
        )
        return Quorum(level, base.approvals, frozenset(base.groups), required)

    def review_quorum(self) -> Quorum:
        """What the after-the-fact review of an emergency change needs."""
        entry = self.data.emergency
        return Quorum("review", entry.review_approvals, frozenset(entry.review_groups))

    @cached_property
    def calendar(self) -> Calendar:
        """The windows and freezes, ready to answer "may it run now?"."""
        data = self.data.windows

        def windows(entries: list[WindowEntry]) -> tuple[Window, ...]:
            return tuple(
                Window(tuple(w.days), parse_clock(w.start), parse_clock(w.end)) for w in entries
            )

        return Calendar(
            self.zone,
            windows(data.default),
            {str(kind): windows(entries) for kind, entries in data.by_site_kind.items()},
            tuple(
                Freeze(f.name, parse_local(f.start), parse_local(f.end), f.reason)
                for f in self.data.freezes
            ),
        )


# ---------------------------------------------------------------------------- loading
def load_policy(path: Path, display: str = POLICY_FILE) -> Policy:
    """Load and validate the policy file.

    Raises:
        PolicyError: every problem, each with its file and line and a fix.
    """
    problems: list[Diagnostic] = []
    if not path.is_file():
        raise PolicyError(
            [
                Diagnostic(
                    display,
                    None,
                    "the change policy is missing",
                    f"create {display} (see README.md, 'Change management')",
                )
            ]
        )
    doc = load_yaml_file(path, display, problems)
    return _policy(doc, problems, display)


def policy_from_text(text: str, display: str = POLICY_FILE) -> Policy:
    """A policy from YAML text (see :func:`load_policy`)."""
    problems: list[Diagnostic] = []
    return _policy(load_yaml_text(text, display, problems), problems, display)


def _policy(doc: YamlDoc | None, problems: list[Diagnostic], display: str) -> Policy:
    if doc is None or problems:
        raise PolicyError(problems)
    try:
        data = PolicyFile.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors():
            problems.append(_problem(doc, tuple(error["loc"]), error))
        raise PolicyError(problems) from None
    problems.extend(_checks(doc, data))
    if problems:
        raise PolicyError(problems)
    return Policy(data, display)


def _field(doc: YamlDoc, loc: tuple[str | int, ...]) -> str:
    """A location as people read it: ``people.alice.roles`` rather than ``people.0.roles.1``."""
    parts: list[str] = []
    for index, part in enumerate(loc):
        if isinstance(part, int):
            if index == 1 and loc[0] == "people":
                try:
                    parts.append(str(doc.data["people"][part]["name"]))
                    continue
                except (KeyError, IndexError, TypeError):
                    pass
            if index < len(loc) - 1 or loc[0] != "people":
                parts.append(str(part + 1))
            continue
        parts.append(str(part))
    return ".".join(parts)


def _problem(doc: YamlDoc, loc: tuple[str | int, ...], error: Any) -> Diagnostic:
    loc = tuple(p for p in loc if p != "[key]")
    field = _field(doc, loc)
    kind = error["type"]
    given = error.get("input")
    leaf = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        message, hint = f"{field}: unknown key {leaf!r}", "remove it or correct its spelling"
    elif kind == "missing":
        message, hint = f"{field}: required key {leaf!r} is missing", f"add {leaf!r}"
    elif kind in ("literal_error", "enum"):
        expected = error.get("ctx", {}).get("expected", "")
        message, hint = f"{field}: {given!r} is not one of {expected}", f"use one of {expected}"
    elif kind == "string_pattern_mismatch":
        message = f"{field}: {given!r} does not have the expected form"
        hint = "use letters, digits and . _ - (starting with a letter), on one line"
    else:
        message = f"{field}: {error['msg']} (got {given!r})"
        hint = "see README.md, 'Change management', for the expected form"
    return Diagnostic(doc.file, doc.line(*loc), message, hint)


def _checks(doc: YamlDoc, data: PolicyFile) -> list[Diagnostic]:
    """Checks across entries: keys, unique names and keys, known groups, feasible quorums."""
    problems: list[Diagnostic] = []

    def add(loc: tuple[str | int, ...], message: str, hint: str) -> None:
        problems.append(Diagnostic(doc.file, doc.line(*loc), message, hint))

    try:
        ZoneInfo(data.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        add(
            ("timezone",),
            f"timezone: {data.timezone!r} is not a time zone",
            "write America/New_York",
        )
    names: dict[str, int] = {}
    keys: dict[str, int] = {}
    for index, person in enumerate(data.people):
        at = ("people", index)
        lowered = person.name.lower()
        if lowered in names:
            add(
                (*at, "name"),
                f"people: {person.name!r} is listed twice (first as entry {names[lowered] + 1})",
                "list each person once; a person has one key",
            )
        names.setdefault(lowered, index)
        try:
            key = parse_public_key(person.ssh_key)
        except ValueError as exc:
            add(
                (*at, "ssh_key"),
                f"people.{person.name}.ssh_key: not an SSH public key: {exc}",
                "paste the whole line of the person's .pub file",
            )
        else:
            if key.fingerprint in keys:
                other = data.people[keys[key.fingerprint]].name
                add(
                    (*at, "ssh_key"),
                    f"people.{person.name}.ssh_key: the same key as {other}'s",
                    "every person and service account signs with a key of their own",
                )
            keys.setdefault(key.fingerprint, index)
        for group in person.groups:
            if group not in data.groups:
                add(
                    (*at, "groups"),
                    f"people.{person.name}: unknown group {group!r}",
                    f"use one of {', '.join(sorted(data.groups))} or add it under groups:",
                )
        if person.kind == "service" and "approve" in person.roles:
            add(
                (*at, "roles"),
                f"people.{person.name}: a service account may not approve",
                "approvals are made by people; remove 'approve' from its roles",
            )
    for level in LEVELS:
        if level not in data.quorum:
            add(
                ("quorum",),
                f"quorum: no entry for risk level {level!r}",
                f"add '{level}: {{approvals: N, groups: [...]}}'",
            )
    referenced: list[tuple[tuple[str | int, ...], str]] = []
    for level, entry in data.quorum.items():
        referenced += [(("quorum", level, "groups"), g) for g in entry.groups]
    for index, rule in enumerate(data.group_rules):
        referenced.append((("group_rules", index, "group"), rule.group))
    referenced += [(("emergency", "groups"), g) for g in data.emergency.groups]
    referenced += [(("emergency", "review_groups"), g) for g in data.emergency.review_groups]
    for loc, group in referenced:
        if group not in data.groups:
            add(
                loc,
                f"{'.'.join(str(p) for p in loc)}: unknown group {group!r}",
                f"use one of {', '.join(sorted(data.groups))}",
            )
    problems += _feasibility(doc, data)
    problems += _calendar_checks(doc, data)
    return problems


def _approvers(data: PolicyFile, groups: Iterable[str]) -> int:
    wanted = set(groups)
    return sum(
        1
        for p in data.people
        if "approve" in p.roles and p.kind == "person" and (not wanted or wanted & set(p.groups))
    )


def _feasibility(doc: YamlDoc, data: PolicyFile) -> list[Diagnostic]:
    """A quorum nobody can meet is an error, not a change that waits forever."""
    problems = []
    for level, entry in data.quorum.items():
        have = _approvers(data, entry.groups)
        if have < entry.approvals:
            problems.append(
                Diagnostic(
                    doc.file,
                    doc.line("quorum", level),
                    f"quorum.{level}: needs {entry.approvals} approvers"
                    + (f" from {', '.join(entry.groups)}" if entry.groups else "")
                    + f" but the policy lists {have}",
                    "add approvers to those groups or lower the quorum",
                )
            )
    for index, rule in enumerate(data.group_rules):
        have = _approvers(data, [rule.group])
        if have < rule.approvals:
            problems.append(
                Diagnostic(
                    doc.file,
                    doc.line("group_rules", index),
                    f"group_rules: {rule.flag} needs {rule.approvals} approver(s) from "
                    f"{rule.group} but the policy lists {have}",
                    f"give someone in {rule.group} the approve role",
                )
            )
    return problems


def _calendar_checks(doc: YamlDoc, data: PolicyFile) -> list[Diagnostic]:
    problems = []
    entries: list[tuple[tuple[str | int, ...], WindowEntry]] = [
        (("windows", "default", i), w) for i, w in enumerate(data.windows.default)
    ]
    for kind, windows in data.windows.by_site_kind.items():
        entries += [(("windows", "by_site_kind", str(kind), i), w) for i, w in enumerate(windows)]
    for loc, window in entries:
        for part in ("start", "end"):
            try:
                parse_clock(getattr(window, part))
            except ValueError as exc:
                problems.append(
                    Diagnostic(
                        doc.file,
                        doc.line(*loc, part),
                        f"{_field(doc, (*loc, part))}: {exc}",
                        "write HH:MM in the City's local time",
                    )
                )
        if window.start == window.end:
            problems.append(
                Diagnostic(
                    doc.file,
                    doc.line(*loc),
                    f"{_field(doc, loc)}: the window starts and ends at the same time",
                    "give it a length (end before start runs past midnight)",
                )
            )
        for day in window.days:
            if day not in DAYS:  # pragma: no cover - the model already refuses it
                problems.append(Diagnostic(doc.file, doc.line(*loc), f"unknown day {day!r}"))
    for index, freeze in enumerate(data.freezes):
        loc = ("freezes", index)
        try:
            start, end = parse_local(freeze.start), parse_local(freeze.end)
        except ValueError as exc:
            problems.append(
                Diagnostic(
                    doc.file,
                    doc.line(*loc),
                    f"freezes.{freeze.name}: {exc}",
                    "write YYYY-MM-DD HH:MM, local time",
                )
            )
            continue
        if end <= start:
            problems.append(
                Diagnostic(
                    doc.file,
                    doc.line(*loc, "end"),
                    f"freezes.{freeze.name}: ends before it starts",
                    "swap start and end",
                )
            )
    return problems
