"""Per-rule waivers of the security baseline: ``inventory/baseline_waivers.yaml``.

A waiver names one rule, where it applies (``hosts``, ``groups``, ``sites``:
a device is covered when it is listed, is in a listed group or at a listed
site) and why (``reason``). The file is read with the inventory's strict YAML
loader (duplicate keys, YAML 1.1 traps, size and depth limits); every problem is
a diagnostic with its file and line: a waiver without a reason, an unknown
rule, host, group or site, an unknown key, a waiver that covers nothing.

```yaml
waivers:
  - rule: CN-MGMT-01
    groups: [role_router]
    reason: template fix pending (issue 11)
```
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citynet.diagnostics import Diagnostic, Severity
from citynet.inventory.text import line_problem, shown
from citynet.inventory.yamlload import YamlDoc, load_yaml_file

FILE = "baseline_waivers.yaml"
"""The waivers' file name, in the inventory folder."""
SCOPES = ("hosts", "groups", "sites")
KEYS = ("rule", *SCOPES, "reason")
HINT = "fix the template so the rule passes, or waive it here with a reason"


@dataclass(frozen=True)
class Waiver:
    """One waiver: a rule, the devices it covers, why, and where it is written."""

    rule: str
    reason: str
    hosts: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    sites: frozenset[str] = frozenset()
    file: str = FILE
    line: int | None = None

    def covers(self, host: str, groups: Iterable[str], site: str) -> bool:
        """Whether the waiver applies to a device."""
        return host in self.hosts or site in self.sites or not self.groups.isdisjoint(groups)

    def scope(self) -> str:
        """The devices it covers, as a report says it."""
        scopes = (("hosts", self.hosts), ("groups", self.groups), ("sites", self.sites))
        parts = [f"{name} {', '.join(sorted(values))}" for name, values in scopes if values]
        return "; ".join(parts)


@dataclass
class Waivers:
    """Every valid waiver of a file."""

    items: list[Waiver] = field(default_factory=list)

    def for_device(self, host: str, groups: Iterable[str], site: str) -> dict[str, Waiver]:
        """Rule id -> the (first) waiver covering the device."""
        groups = tuple(groups)
        found: dict[str, Waiver] = {}
        for waiver in self.items:
            if waiver.rule not in found and waiver.covers(host, groups, site):
                found[waiver.rule] = waiver
        return found


@dataclass(frozen=True)
class Known:
    """What a waiver may name: rule ids, hosts, groups and sites (None: not checked)."""

    rules: frozenset[str]
    hosts: frozenset[str] | None = None
    groups: frozenset[str] | None = None
    sites: frozenset[str] | None = None


def load_waivers(
    path: Path, display: str, known: Known, *, inside: Path | None = None
) -> tuple[Waivers, list[Diagnostic]]:
    """Read and check a waivers file (a missing file waives nothing).

    Args:
        path: the file.
        display: its name in messages (``inventory/baseline_waivers.yaml``).
        known: the rule ids, hosts, groups and sites a waiver may name.
        inside: the folder the file must stay in (a link out of it is refused).

    Returns:
        The valid waivers and every problem found (invalid entries are left out).
    """
    if not path.exists() and not path.is_symlink():
        return Waivers(), []
    if inside is not None and not _inside(path, inside):
        return Waivers(), [
            Diagnostic(
                display,
                None,
                "is a symbolic link to a file outside the inventory folder",
                f"replace it with the file itself: waivers are read from {display} only",
            )
        ]
    problems: list[Diagnostic] = []
    doc = load_yaml_file(path, display, problems)
    if doc is None:
        return Waivers(), problems
    return waivers_from_doc(doc, known, problems), problems


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (OSError, RuntimeError, ValueError):
        return False
    return True


def waivers_from_doc(doc: YamlDoc, known: Known, problems: list[Diagnostic]) -> Waivers:
    """Check a loaded document; append its problems; return its valid waivers."""
    data = doc.data
    extra = [k for k in data if k != "waivers"] if isinstance(data, dict) else []
    for key in extra:
        problems.append(_at(doc, (key,), f"unknown key {shown(key)}", "the file holds 'waivers:'"))
    items = data.get("waivers") if isinstance(data, dict) else None
    if items is None:
        problems.append(
            _at(doc, (), "no 'waivers' list", "write 'waivers: []' when nothing is waived")
        )
        return Waivers()
    if not isinstance(items, list):
        problems.append(_at(doc, ("waivers",), "'waivers' must be a list", "write '- rule: ...'"))
        return Waivers()
    out = Waivers()
    for index, item in enumerate(items):
        waiver = _waiver(doc, index, item, known, problems)
        if waiver is not None:
            out.items.append(waiver)
    return out


def _at(doc: YamlDoc, path: tuple[str | int, ...], message: str, hint: str) -> Diagnostic:
    return Diagnostic(doc.file, doc.line(*path), message, hint)


def _waiver(
    doc: YamlDoc, index: int, item: Any, known: Known, problems: list[Diagnostic]
) -> Waiver | None:
    where = ("waivers", index)
    if not isinstance(item, dict):
        problems.append(
            _at(doc, where, f"waiver #{index + 1} must be a mapping", "write rule, scope, reason")
        )
        return None
    before = len(problems)
    for key in item:
        if key not in KEYS:
            problems.append(
                _at(doc, (*where, key), f"unknown key {shown(key)}", f"use {', '.join(KEYS)}")
            )
    rule = item.get("rule")
    label = f"waiver #{index + 1}"
    if not isinstance(rule, str) or not rule:
        problems.append(_at(doc, where, f"{label} names no rule", "add 'rule: CN-...'"))
    elif rule not in known.rules:
        problems.append(
            _at(
                doc,
                (*where, "rule"),
                f"{label}: unknown rule {shown(rule)}",
                "use an id from citynet/compliance/baseline.yaml",
            )
        )
    else:
        label = f"waiver #{index + 1} of {rule}"
    reason = item.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        problems.append(
            _at(
                doc,
                (*where, "reason") if "reason" in item else where,
                f"{label} has no reason",
                "say why the rule does not apply or cannot be met yet, and until when",
            )
        )
    elif (problem := line_problem(reason)) is not None:
        problems.append(_at(doc, (*where, "reason"), f"{label}: the reason {problem}", "one line"))
    scopes: dict[str, frozenset[str]] = {}
    for scope in SCOPES:
        value = item.get(scope, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(
                _at(doc, (*where, scope), f"{label}: {scope} must be a list of names", "[a, b]")
            )
            continue
        allowed = getattr(known, scope)
        for number, name in enumerate(value):
            if allowed is not None and name not in allowed:
                problems.append(
                    _at(
                        doc,
                        (*where, scope, number),
                        f"{label}: unknown {scope[:-1]} {shown(name)}",
                        f"name a {scope[:-1]} of the inventory",
                    )
                )
        scopes[scope] = frozenset(value)
    if not any(scopes.values()) and len(problems) == before:
        problems.append(_at(doc, where, f"{label} covers no device", "add hosts, groups or sites"))
    if len(problems) > before:
        return None
    return Waiver(
        str(rule),
        str(reason).strip(),
        scopes.get("hosts", frozenset()),
        scopes.get("groups", frozenset()),
        scopes.get("sites", frozenset()),
        doc.file,
        doc.line(*where),
    )


def unused(waivers: Waivers, used: set[int]) -> list[Diagnostic]:
    """Warnings for the waivers (``id()`` not in ``used``) that waived no failure in a
    whole-fleet run: the rule passes everywhere they apply."""
    return [
        Diagnostic(
            w.file,
            w.line,
            f"the waiver of {w.rule} ({w.scope()}) waives nothing: the rule passes there",
            "remove it",
            severity=Severity.WARNING,
        )
        for w in waivers.items
        if id(w) not in used
    ]
