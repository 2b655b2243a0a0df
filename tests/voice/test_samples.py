"""The representative numbers of :mod:`citynet.voice.samples` against brute force: on
random small dial plans, "never selected" and "overlaps" agree with trying every
number."""

from __future__ import annotations

import itertools
import random

import pytest

from citynet.voice.lint import lint_voice
from citynet.voice.patterns import DIGITS, compile_pattern

ATOMS = ["1", "2", "9", ".", "[1-2]", "[^9]", "0"]


def random_plan(rng: random.Random) -> list[str]:
    """Two to four random patterns; half the time one with a range also comes spelt out
    digit by digit (so it is shadowed, unless its end differs)."""
    patterns = set()
    while len(patterns) < rng.randint(2, 4):
        body = "".join(rng.choice(ATOMS) for _ in range(rng.randint(1, 3)))
        patterns.add(body + rng.choice(["", "", "T", "$"]))
    ranged = [p for p in patterns if "[1-2]" in p]
    if ranged and rng.random() < 0.5:
        base = ranged[0]
        end = rng.choice(["", "$"]) if base.endswith("$") else ""
        patterns.update(base.replace("[1-2]", d, 1).rstrip("$") + end for d in "12")
    return sorted(patterns)


def config(patterns: list[str]) -> str:
    return "".join(
        f"dial-peer voice {i + 1} voip\n destination-pattern {p}\n"
        f" session target ipv4:10.0.0.{i + 1}\n prefix {i}\n"
        for i, p in enumerate(patterns)
    )


def brute_force(patterns: list[str]) -> tuple[set[str], bool]:
    """(tags never longest for any number, whether any two tie at equal preference)."""
    compiled = [compile_pattern(p) for p in patterns]
    longest = max(len(c.classes) for c in compiled) + 1
    winning: set[int] = set()
    tie = False
    for length in range(1, longest + 1):
        for chars in itertools.product(DIGITS, repeat=length):
            number = "".join(chars)
            matching = [i for i, c in enumerate(compiled) if c.matches(number)]
            if not matching:
                continue
            best = max(compiled[i].explicit for i in matching)
            top = [i for i in matching if compiled[i].explicit == best]
            winning.update(top)
            tie = tie or len(top) > 1
    never = {str(i + 1) for i in range(len(patterns)) if i not in winning}
    return never, tie


@pytest.mark.parametrize("seed", range(40))
def test_lint_agrees_with_brute_force(seed: int) -> None:
    patterns = random_plan(random.Random(seed))
    never, tie = brute_force(patterns)
    found = lint_voice(config(patterns))
    reported = {d.message.split()[1] for d in found if "can never be selected" in d.message}
    assert reported == never, patterns
    assert any("picks one at random" in d.message for d in found) is tie, patterns
