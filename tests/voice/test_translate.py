"""Translation rules in IOS's dialect, on the examples of Cisco's technote 61083 and
hand-worked City cases."""

from __future__ import annotations

import pytest

from citynet.voice.model import Line, Rule, RuleSet
from citynet.voice.translate import UnmodelledRule, apply_rule, apply_rule_set


def rule(match: str, replace: str = "", *, number: int = 1, reject: bool = False) -> Rule:
    return Rule(number, match, replace, reject, Line(number, ""))


@pytest.mark.parametrize(
    ("match", "replace", "number", "after"),
    [
        # technote 61083, example 1: the first occurrence, anywhere in the number
        ("123", "456", "123", "456"),
        ("123", "456", "1234", "4564"),
        ("123", "456", "6123", "6456"),
        ("123", "456", "6123123", "6456123"),
        # example 2: anchored at the start
        ("^123", "456", "6123", None),
        ("^123", "456", "1234", "4564"),
        # example 3: the exact number only
        ("^123$", "456", "1234", None),
        # the City's access code: \( \) group, \1 puts it back
        (r"^9\(.*\)", r"\1", "95551234", "5551234"),
        (r"^9\(.*\)", r"\1", "911", "11"),
        # an E.164 plus, escaped, and a literal replacement around a group
        (r"^\+1\(.*\)", r"\1", "+15551234567", "5551234567"),
        (r"\(^1..........$\)", r"+\1", "15551234567", "+15551234567"),
        # bare parentheses are literal characters, not a group
        ("(1)", "x", "(1)23", "x23"),
    ],
)
def test_rule(match: str, replace: str, number: str, after: str | None) -> None:
    assert apply_rule(rule(match, replace), number) == after


def test_first_matching_rule_wins_and_rules_go_by_number() -> None:
    rules = RuleSet("1", 1, [rule("^911$", "911", number=1), rule(r"^9\(.*\)", r"\1", number=2)])
    step = apply_rule_set(rules, "911")
    assert step is not None and (step.rule, step.after) == (1, "911")
    step = apply_rule_set(rules, "9911")
    assert step is not None and (step.rule, step.after) == (2, "911")


def test_reject() -> None:
    rules = RuleSet("9", 1, [rule("^900", reject=True)])
    step = apply_rule_set(rules, "9005551234")
    assert step is not None and step.rejected
    assert apply_rule_set(rules, "95551234") is None


def test_a_group_the_match_lacks_is_refused() -> None:
    with pytest.raises(UnmodelledRule, match="names group 2"):
        apply_rule(rule(r"^9\(.*\)", r"\2"), "95551234")
