"""Tag remediation lines by rules, and keep only some tags (``safe``, ``manual`` ...).

Rules use hier_config's tag-rule format, so rule files carry over: each rule
has ``match_rules``, one matcher per depth from the top (``startswith`` /
``equals`` / ``contains`` / ``re_search``, a string or a list), and
``apply_tags``. A line whose path matches a rule gets its tags, and so do the
lines under it. Filtering keeps tagged lines with their parent sections (and
the exits those need).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from citynet.diff import remediation
from citynet.diff.compare import Cmd
from citynet.errors import ConfigParseError


@dataclass(frozen=True, slots=True)
class TagRule:
    """Matchers by depth, and the tags a matching line gets."""

    match: tuple[Mapping[str, object], ...]
    tags: frozenset[str]


def rules_from_data(data: object, source: str = "tag rules") -> list[TagRule]:
    """Tag rules from loaded YAML.

    Raises:
        ConfigParseError: the data is not a list of {match_rules, apply_tags}.
    """
    if not isinstance(data, list):
        raise ConfigParseError(f"{source}: expected a list of tag rules")
    out: list[TagRule] = []
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict) or not isinstance(item.get("match_rules"), list):
            raise ConfigParseError(f"{source}: rule #{number} needs a 'match_rules' list")
        tags = item.get("apply_tags", [])
        if isinstance(tags, str):
            tags = [tags]
        out.append(TagRule(tuple(item["match_rules"]), frozenset(str(t) for t in tags)))
    return out


def _as_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(v) for v in value]
    return []


def _matches(matcher: Mapping[str, object], text: str) -> bool:
    for kind, value in matcher.items():
        options = _as_list(value)
        if kind == "startswith" and not any(text.startswith(o) for o in options):
            return False
        if kind == "endswith" and not any(text.endswith(o) for o in options):
            return False
        if kind == "equals" and text not in options:
            return False
        if kind == "contains" and not any(o in text for o in options):
            return False
        if kind == "re_search" and not any(re.search(o, text) for o in options):
            return False
    return True


def parse_commands(lines: Sequence[str]) -> list[Cmd]:
    """Push-ready lines back into command trees (indentation; exits dropped)."""
    roots: list[Cmd] = []
    stack: list[tuple[int, Cmd]] = []
    index = 0
    while index < len(lines):
        raw = lines[index]
        index += 1
        text = raw.strip()
        if not text or text.startswith("!") or re.fullmatch(r"exit(?:-[a-z-]+)?", text):
            continue
        indent = len(raw) - len(raw.lstrip())
        cmd = Cmd(text)
        if indent == 0 and text.startswith("banner ") and len(text.split()) == 3:
            delim = text.split()[2]
            body: list[str] = []
            while index < len(lines) and lines[index] != delim:
                body.append(lines[index])
                index += 1
            index += 1
            cmd = Cmd(" ".join(text.split()[:2]), body=tuple(body))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(cmd)
        stack.append((indent, cmd))
    return roots


def _filter(
    cmds: list[Cmd],
    rules: Sequence[TagRule],
    path: tuple[str, ...],
    inherited: frozenset[str],
    include: frozenset[str],
    exclude: frozenset[str],
) -> list[Cmd]:
    kept: list[Cmd] = []
    for cmd in cmds:
        lineage = (*path, cmd.text)
        tags = set(inherited)
        for rule in rules:
            if len(rule.match) == len(lineage) and all(
                _matches(m, t) for m, t in zip(rule.match, lineage, strict=True)
            ):
                tags |= rule.tags
        if cmd.children:
            children = _filter(cmd.children, rules, lineage, frozenset(tags), include, exclude)
            if children:
                kept.append(Cmd(cmd.text, children, body=cmd.body))
        elif (not include or tags & include) and not tags & exclude:
            kept.append(Cmd(cmd.text, body=cmd.body))
    return kept


def filter_lines(
    lines: Sequence[str],
    rules: Sequence[TagRule],
    *,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> list[str]:
    """The push-ready lines whose tags include any of ``include`` and none of ``exclude``.

    >>> rules = rules_from_data([{"match_rules": [{"startswith": "interface"},
    ...     {"startswith": "description"}], "apply_tags": ["safe"]}])
    >>> filter_lines(["interface Vlan3", " description x", " ip address 10.0.3.1 255.255.255.0"],
    ...              rules, include=["safe"])
    ['interface Vlan3', ' description x']
    """
    kept = _filter(
        parse_commands(lines), rules, (), frozenset(), frozenset(include), frozenset(exclude)
    )
    return remediation.render(kept)
