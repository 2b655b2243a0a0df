"""Voice translation rules and profiles, applied as IOS applies them.

After Cisco's technotes "Voice Translation Rules" (document 61083: ``rule 1 /123/
/456/`` turns 6123123 into 6456123, the first occurrence only) and "Number
Translation using Voice Translation Profiles" (document 64020: the rules follow
``sed``'s regular expressions, with a backslash to escape), and the
``voice translation-rule`` command reference:

- a rule set's rules are tried in rule-number order and the **first** rule whose
  match expression is found anywhere in the number applies, once (like ``sed``
  without ``g``); the others are skipped;
- the match expression is a regular expression in which ``\\(`` and ``\\)`` group
  (bare parentheses are literal); the replacement substitutes ``\\1`` ... ``\\9``
  and takes every other character literally;
- ``rule N reject /match/`` rejects the call when it matches;
- a rule that also converts the number type or plan (``type ... plan ...``) is
  refused, since only the digits are modelled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citynet.errors import CitynetError
from citynet.voice.model import Rule, RuleSet


class UnmodelledRule(CitynetError):
    """A translation rule this model cannot apply faithfully."""


@dataclass(frozen=True)
class Step:
    """One translation applied: which rule turned which number into which."""

    rule_set: str
    rule: int
    line: int
    before: str
    after: str
    rejected: bool = False

    def describe(self) -> str:
        if self.rejected:
            return f"translation-rule {self.rule_set} rule {self.rule} rejects {self.before}"
        return f"translation-rule {self.rule_set} rule {self.rule}: {self.before} -> {self.after}"


def to_python(expression: str) -> re.Pattern[str]:
    """The Python form of an IOS translation-rule match expression.

    >>> to_python(r"^9\\(.*\\)").pattern
    '^9(.*)'
    >>> bool(to_python(r"^\\+1").match("+1555"))
    True
    """
    out: list[str] = []
    index = 0
    while index < len(expression):
        char = expression[index]
        if char == "\\" and index + 1 < len(expression):
            nxt = expression[index + 1]
            out.append(nxt if nxt in "()" else re.escape(nxt))
            index += 2
            continue
        out.append("\\" + char if char in "(){}|" else char)
        index += 1
    try:
        return re.compile("".join(out))
    except re.error as exc:
        raise UnmodelledRule(
            f"match expression /{expression}/ is not a valid pattern ({exc})"
        ) from None


def _expand(replace: str, match: re.Match[str]) -> str:
    out: list[str] = []
    index = 0
    while index < len(replace):
        char = replace[index]
        if char == "\\" and index + 1 < len(replace):
            nxt = replace[index + 1]
            if nxt.isdigit():
                group = int(nxt)
                if group > (match.re.groups or 0):
                    raise UnmodelledRule(
                        f"replacement /{replace}/ names group {group}, which the match lacks"
                    )
                out.append(match.group(group) or "")
            else:
                out.append(nxt)
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def apply_rule(rule: Rule, number: str) -> str | None:
    """``number`` rewritten by one rule, or ``None`` when the rule does not match.

    A reject rule that matches returns the number unchanged (callers check ``rule.reject``).

    >>> from citynet.voice.model import Line
    >>> apply_rule(Rule(1, r"^9\\(.*\\)", r"\\1", False, Line(1, "")), "911")
    '11'
    """
    if rule.unmodelled:
        raise UnmodelledRule(f"rule {rule.number} (line {rule.line.no}): {rule.unmodelled}")
    found = to_python(rule.match).search(number)
    if found is None:
        return None
    if rule.reject:
        return number
    return number[: found.start()] + _expand(rule.replace, found) + number[found.end() :]


def apply_rule_set(rules: RuleSet, number: str) -> Step | None:
    """The first rule of the set that matches, applied; ``None`` when none does."""
    for rule in rules.rules:
        after = apply_rule(rule, number)
        if after is not None:
            return Step(rules.name, rule.number, rule.line.no, number, after, rule.reject)
    return None
