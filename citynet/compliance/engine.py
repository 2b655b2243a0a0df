"""Check one configuration against the baseline's rules: linear and cheap.

A configuration is cut into top-level blocks (``citynet.diff.blocks``); each
distinct block is read once into a small tree (lines stripped, runs of spaces
collapsed, banners and device noise as the diff engine reads them) and kept, so
the hundreds of identical port sections of a fleet are read, and checked, once.
Top-level lines are looked up by first word. The result of a section check
depends only on the section and the variables it uses, so it is cached too.
Lines quoted in a report are masked (``citynet.ios.secrets``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from citynet.compliance.rules import Check, Pattern, Rule, Rules, Section, Variable
from citynet.diff.blocks import split_blocks
from citynet.diff.parse import Node
from citynet.ios import rules as ios_rules
from citynet.ios.driver import DRIVERS
from citynet.ios.secrets import mask_line
from citynet.platforms import Platform

PASS, FAIL, WAIVED = "pass", "fail", "waived"
MAX_DETAILS = 5
"""Details kept per failed rule (the count says how many more)."""
_CACHE_LIMIT = 200_000

_blocks: dict[str, tuple[tuple[Node, str, str], ...]] = {}
_regexes: dict[str, re.Pattern[str]] = {}
_sections: dict[tuple[int, tuple[str, ...]], dict[str, tuple[bool, str]]] = {}
_used: dict[int, tuple[str, ...]] = {}
_NOT_SELECTED = (False, "")


@dataclass(frozen=True, slots=True)
class RuleResult:
    """One rule on one device: ``pass``, ``fail`` or ``waived`` (a failure with a waiver)."""

    rule: str
    title: str
    status: str
    details: tuple[str, ...] = ()
    reason: str = ""
    """Why the failure is waived (the waiver's reason)."""

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"rule": self.rule, "title": self.title, "status": self.status}
        if self.details:
            data["details"] = list(self.details)
        if self.reason:
            data["reason"] = self.reason
        return data


_IGNORED = DRIVERS[Platform.CISCO_IOSXE].ignored_by_diff
_EXIT = ios_rules.EXIT_LINE.match


def read_block(block: str) -> tuple[Node, ...]:
    """A top-level block as a tree (empty for separators, device noise, ``end``).

    >>> [n.text for n in read_block("interface Gi1/0/1\\n  description  x\\n shutdown")[0].children]
    ['description x', 'shutdown']
    """
    lines = block.expandtabs(8).split("\n") if "\t" in block else block.split("\n")
    first = lines[0].strip()
    if not first or first[0] == "!" or first in ios_rules.NOISE_WHOLE or _IGNORED(first):
        return ()
    if first.startswith("banner "):
        return (Node(" ".join(first.split()[:2])),)
    root = Node(" ".join(first.split()) if "  " in first else first)
    stack: list[tuple[int, Node]] = [(0, root)]
    for raw in lines[1:]:
        stripped = raw.strip()
        if not stripped or stripped[0] == "!" or (stripped[0] == "e" and _EXIT(stripped)):
            continue
        indent = len(raw) - len(raw.lstrip())
        while len(stack) > 1 and stack[-1][0] >= indent:
            stack.pop()
        node = Node(" ".join(stripped.split()) if "  " in stripped else stripped)
        stack[-1][1].children.append(node)
        stack.append((indent, node))
    return (root,)


def _parsed(block: str) -> tuple[tuple[Node, str, str], ...]:
    """A block's top-level lines, each with its cache key and first word."""
    entry = tuple(
        (node, block if i == 0 else f"{block}\x00{i}", node.text.partition(" ")[0])
        for i, node in enumerate(read_block(block))
    )
    if len(_blocks) >= _CACHE_LIMIT:
        _blocks.clear()
        _sections.clear()
    _blocks[block] = entry
    return entry


def _regex(source: str) -> re.Pattern[str]:
    found = _regexes.get(source)
    if found is None:
        found = _regexes[source] = re.compile(f"(?:{source})\\Z")
    return found


class ConfigView:
    """A configuration's top-level lines, each with its block's text (the cache key)."""

    __slots__ = ("_by_word", "keys", "nodes")

    def __init__(self, text: str) -> None:
        cache = _blocks
        entries = [
            e
            for b in split_blocks(text)
            if b != "!"
            for e in (cache[b] if b in cache else _parsed(b))
        ]
        self.nodes = [e[0] for e in entries]
        self.keys = [e[1] for e in entries]
        by_word: dict[str, list[int]] = {}
        for number, entry in enumerate(entries):
            by_word.setdefault(entry[2], []).append(number)
        self._by_word = by_word

    def candidates(self, first: str | None) -> Iterable[int]:
        """Indexes of the top-level lines that may match a pattern with this first word."""
        if first is None:
            return range(len(self.nodes))
        return self._by_word.get(first, ())


class _Run:
    """One configuration being checked: its view and its variables (read when first used)."""

    def __init__(self, view: ConfigView, variables: dict[str, Variable]) -> None:
        self.view = view
        self.definitions = variables
        self.values: dict[str, tuple[str, ...]] = {}

    def value(self, name: str) -> tuple[str, ...]:
        found = self.values.get(name)
        if found is None:
            found = self.values[name] = self._read(self.definitions[name])
        return found

    def _read(self, var: Variable) -> tuple[str, ...]:
        out: list[str] = []
        view = self.view
        regex = _regex(var.section.source)
        for number in view.candidates(var.section.first):
            node = view.nodes[number]
            match = regex.match(node.text)
            if match is None:
                continue
            if var.where is not None and not self.check(var.where, node.children)[0]:
                continue
            if var.child is None:
                out.extend(g for g in match.groups()[:1] if g)
                continue
            for child in node.children:
                found = var.child.match(child.text)
                if found and found.group(1):
                    out.append(found.group(1))
        return tuple(dict.fromkeys(out))

    # -- patterns ------------------------------------------------------------------
    def compiled(self, pattern: Pattern) -> re.Pattern[str]:
        source = pattern.source
        for name in pattern.variables:
            values = self.value(name)
            alternatives = "|".join(re.escape(v) for v in values) if values else "(?!)"
            source = source.replace(f"{{{name}}}", f"(?:{alternatives})")
        return _regex(source)

    def _matches(self, pattern: Pattern, lines: list[Node] | None) -> list[int]:
        """Indexes of the lines matching (at the top level when ``lines`` is None)."""
        regex = self.compiled(pattern)
        if lines is None:
            nodes = self.view.nodes
            candidates: Iterable[int] = self.view.candidates(pattern.first)
        else:
            nodes = lines
            first = pattern.first
            candidates = (
                range(len(lines))
                if first is None
                else [i for i, n in enumerate(lines) if n.text.startswith(first)]
            )
        found = []
        for number in candidates:
            node = nodes[number]
            if regex.match(node.text) is None:
                continue
            if pattern.children is not None and not self.check(pattern.children, node.children)[0]:
                continue
            found.append(number)
        return found

    # -- checks --------------------------------------------------------------------
    def check(self, check: Check, lines: list[Node] | None) -> tuple[bool, list[str]]:
        """Whether ``lines`` (the top level when None) satisfy ``check``, and why not."""
        problems: list[str] = []
        for pattern in check.present:
            if not self._matches(pattern, lines):
                problems.append(f"missing: {pattern.describe()}")
        for pattern in check.absent:
            nodes = self.view.nodes if lines is None else lines
            problems.extend(
                f"not allowed: {mask_line(nodes[i].text)}" for i in self._matches(pattern, lines)
            )
        for section in check.sections:
            problems.extend(self.section(section, lines))
        if check.any:
            results = [self.check(option, lines) for option in check.any]
            if not any(ok for ok, _ in results):
                problems.append("none of: " + " | ".join("; ".join(why) for _, why in results))
        return not problems, problems

    def section(self, section: Section, lines: list[Node] | None) -> list[str]:
        """Problems of the sections a section check selects (cached per top-level block)."""
        used = _used.get(id(section))
        if used is None:
            used = _used[id(section)] = tuple(dict.fromkeys(_variables_of_section(section)))
        problems: list[str] = []
        count = 0
        if lines is None:
            view = self.view
            nodes, keys = view.nodes, view.keys
            regex = self.compiled(section.pattern)
            values = tuple(",".join(self.value(name)) for name in used)
            cache = _sections.get((id(section), values))
            if cache is None:
                cache = _sections[(id(section), values)] = {}
            for number in view.candidates(section.pattern.first):
                key = keys[number]
                found = cache.get(key)
                if found is None:
                    node = nodes[number]
                    found = cache[key] = (
                        self._one_section(section, node)
                        if regex.match(node.text) is not None
                        else _NOT_SELECTED
                    )
                if found[0]:
                    count += 1
                    if found[1]:
                        problems.append(f"{nodes[number].text}: {found[1]}")
        else:
            for number in self._matches(section.pattern, lines):
                selected, reason = self._one_section(section, lines[number])
                if selected:
                    count += 1
                    if reason:
                        problems.append(f"{lines[number].text}: {reason}")
        if count < section.at_least:
            problems.append(f"missing: {section.pattern.describe()}")
        return problems

    def _one_section(self, section: Section, node: Node) -> tuple[bool, str]:
        """Whether a section is selected (``where``) and why it fails ``require`` (or "")."""
        if section.where is not None and not self.check(section.where, node.children)[0]:
            return False, ""
        ok, why = self.check(section.require, node.children)
        return True, "" if ok else "; ".join(why)


def _variables_of_check(check: Check | None) -> Iterable[str]:
    if check is None:
        return
    for pattern in (*check.present, *check.absent):
        yield from pattern.variables
        yield from _variables_of_check(pattern.children)
    for section in check.sections:
        yield from _variables_of_section(section)
    for option in check.any:
        yield from _variables_of_check(option)


def _variables_of_section(section: Section) -> Iterable[str]:
    yield from section.pattern.variables
    yield from _variables_of_check(section.where)
    yield from _variables_of_check(section.require)


@dataclass
class DeviceBaseline:
    """The baseline on one device's configuration."""

    host: str
    results: list[RuleResult] = field(default_factory=list)

    @property
    def failed(self) -> list[RuleResult]:
        """Failures without a waiver: errors."""
        return [r for r in self.results if r.status == FAIL]

    @property
    def waived(self) -> list[RuleResult]:
        return [r for r in self.results if r.status == WAIVED]

    @property
    def passed(self) -> list[RuleResult]:
        return [r for r in self.results if r.status == PASS]

    def as_dict(self) -> dict[str, object]:
        return {
            "host": self.host,
            "compliant": not self.failed,
            "passed": len(self.passed),
            "failed": [r.as_dict() for r in self.failed],
            "waived": [
                {"rule": r.rule, "title": r.title, "reason": r.reason} for r in self.waived
            ],
        }


def check_rule(rule: Rule, run: _Run, platform: str | None) -> tuple[bool, tuple[str, ...]]:
    """Whether a configuration satisfies one rule, and the first reasons why not."""
    ok, problems = run.check(rule.check_for(platform), None)
    if ok:
        return True, ()
    if len(problems) > MAX_DETAILS:
        more = len(problems) - MAX_DETAILS
        problems = [*problems[:MAX_DETAILS], f"... and {more} more"]
    return False, tuple(problems)


def check_config(
    text: str,
    rules: Rules,
    *,
    role: str | None,
    platform: str | None,
    waived: dict[str, str] | None = None,
    host: str = "",
) -> DeviceBaseline:
    """The baseline on one configuration text (rendered or running).

    Args:
        text: the configuration.
        rules: the compiled rules (``default_rules()``).
        role: the device's role (rules for other roles are skipped).
        platform: its platform.
        waived: rule id -> reason, the waivers that apply to the device.
        host: the device's name, for the report.

    >>> from citynet.compliance.rules import default_rules
    >>> result = check_config("service password-encryption\\n", default_rules(),
    ...                       role="core", platform="cisco_iosxe")
    >>> [r.status for r in result.results if r.rule == "CN-MGMT-04"]
    ['pass']
    """
    waived = waived or {}
    run = _Run(ConfigView(text), rules.variables)
    result = DeviceBaseline(host)
    for rule in rules.rules:
        if not rule.applies(role, platform):
            continue
        ok, details = check_rule(rule, run, platform)
        if ok:
            result.results.append(RuleResult(rule.id, rule.title, PASS))
        elif rule.id in waived:
            result.results.append(
                RuleResult(rule.id, rule.title, WAIVED, details, waived[rule.id])
            )
        else:
            result.results.append(RuleResult(rule.id, rule.title, FAIL, details))
    return result
