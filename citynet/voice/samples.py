"""Representative numbers for a destination pattern, against a set of other patterns.

To ask "is there a number that both patterns match" or "is there a number this
dial-peer wins" without enumerating every number, each position of a number
only needs one digit per *atom*: the digits that every pattern treats alike at
that position. A number built from one representative per atom, at every
length up to one past the longest pattern, stands for all the numbers like it,
so the answers are exact while the enumeration stays within ``limit``.
"""

from __future__ import annotations

from collections.abc import Sequence

from citynet.voice.patterns import DIGITS, Pattern

ALL = frozenset(DIGITS)


def _at(pattern: Pattern, index: int) -> frozenset[str]:
    if index < len(pattern.classes):
        return pattern.classes[index]
    return ALL if (pattern.variable or pattern.open_end) else frozenset()


def _atoms(allowed: frozenset[str], others: Sequence[Pattern], index: int) -> list[str]:
    groups: dict[tuple[bool, ...], str] = {}
    for char in sorted(allowed, key=lambda c: (DIGITS + "+").index(c)):
        key = tuple(char in _at(o, index) for o in others)
        groups.setdefault(key, char)
    return list(groups.values())


def samples(
    target: Pattern, others: Sequence[Pattern], limit: int = 4000
) -> tuple[list[str], bool]:
    """Numbers matching ``target`` that stand for every way ``others`` can treat them.

    Returns the numbers and whether the list is complete (``limit`` not reached).

    >>> from citynet.voice.patterns import compile_pattern as c
    >>> sorted(samples(c("9T"), [c("911"), c("9011T")])[0])[:4]
    ['9', '90', '900', '9000']
    """
    patterns = [target, *others]
    longest = max(len(p.classes) for p in patterns) + 1
    stretch = target.variable or target.open_end
    top = longest if stretch else len(target.classes)
    found: list[str] = []
    atoms = [_atoms(_at(target, index), others, index) for index in range(top)]
    # Breadth first, one number per set of patterns still consistent with it: two numbers
    # of one length that the same patterns are consistent with have the same future (every
    # extension of one matches exactly the patterns the same extension of the other
    # matches), so keeping one of them loses no answer.
    level: dict[frozenset[int], str] = {frozenset(range(len(patterns))): ""}
    for index in range(top):
        following: dict[frozenset[int], str] = {}
        for alive, prefix in level.items():
            for char in atoms[index]:
                still = frozenset(i for i in alive if _allows(patterns[i], index, char))
                if 0 in still:  # the target itself stays consistent
                    following.setdefault(still, prefix + char)
        level = following
        if index + 1 >= len(target.classes):
            found.extend(number for number in level.values() if target.matches(number))
            if len(found) >= limit:
                return found[:limit], False
    return found, True


def _allows(pattern: Pattern, index: int, char: str) -> bool:
    """Whether ``pattern`` stays consistent with a number whose digit at ``index`` is ``char``."""
    if index < len(pattern.classes):
        return char in pattern.classes[index]
    return pattern.variable or pattern.open_end
