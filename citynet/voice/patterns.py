"""IOS ``destination-pattern`` strings: what they match and how explicit they are.

What is modelled, after Cisco's "Understand Cisco IOS and IOS XE Call Routing"
(document 211306, "Dial-Peer Wildcards" and "Outbound Dial-Peer Matching") and
the Dial Peer Configuration Guide ("Destination Patterns", "Matching Outbound
Dial Peers"):

- digits, ``*`` and ``#`` match themselves and are the *explicit* digits that
  longest-match counts;
- ``.`` is any one digit (or ``*``); ``[...]`` one digit of a set or range,
  ``[^...]`` one digit outside it; neither is explicit;
- ``T`` (only at the end) is any number of further digits, collected until the
  interdigit timeout;
- a leading ``+`` is the E.164 plus sign (explicit); a leading ``^`` anchors
  the start (every pattern is anchored there anyway) and a trailing ``$`` ends
  it: without ``$`` the pattern is variable length, so en-bloc digits beyond
  it still match (they follow the pattern's digits);
- anything else (``(``, ``)``, ``%``, ``?``, a ``+`` that repeats, ``,``) is
  refused with :class:`UnmodelledPattern` rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from citynet.errors import CitynetError

DIGITS = "0123456789*#"
MAX_DIGITS = 32
"""IOS collects at most 32 digits."""


class UnmodelledPattern(CitynetError):
    """A destination pattern uses a construct this model does not follow."""


@dataclass(frozen=True)
class Pattern:
    """A compiled destination pattern.

    >>> p = compile_pattern("9[2-9]......")
    >>> (p.explicit, p.matches("95551234"), p.matches("91555123"))
    (1, True, False)
    """

    text: str
    classes: tuple[frozenset[str], ...]
    """One set of allowed characters per position (the leading ``+`` included)."""
    explicit_mask: tuple[bool, ...]
    variable: bool
    """Ends in ``T``: any number of further digits."""
    open_end: bool
    """No ``$``: en-bloc digits beyond the pattern still match (prefix match)."""

    @cached_property
    def explicit(self) -> int:
        """How many explicit digits the pattern has (what longest match counts)."""
        return sum(self.explicit_mask)

    @property
    def leading_explicit(self) -> int:
        """The left-justified explicit digits: what a POTS dial-peer strips."""
        count = 0
        for flag in self.explicit_mask:
            if not flag:
                break
            count += 1
        return count

    @cached_property
    def _regex(self) -> re.Pattern[str]:
        """The same test as one compiled expression (the lint asks it many thousand times)."""
        body = "".join(
            "[" + "".join(re.escape(ch) for ch in sorted(cls)) + "]" if cls else "(?!)"
            for cls in self.classes
        )
        return re.compile(body + (".*" if self.variable or self.open_end else ""), re.S)

    def matches(self, number: str) -> bool:
        """Whether a complete (en-bloc) number matches.

        >>> p = compile_pattern("9[2-9]1$")
        >>> (p.matches("921"), p.matches("9211"), p.matches("911"), p.matches("92"))
        (True, False, False, False)
        """
        return self._regex.fullmatch(number) is not None

    def could_extend(self, number: str) -> bool:
        """Whether a longer number starting with ``number`` matches with more explicit digits
        of this pattern than ``number`` alone uses: dialling ``number`` digit by digit,
        IOS keeps collecting while such a pattern may still match."""
        if len(number) >= len(self.classes):
            return False
        return all(ch in cls for ch, cls in zip(number, self.classes, strict=False))


def compile_pattern(text: str) -> Pattern:
    """Compile a destination pattern, refusing what is not modelled.

    Raises:
        UnmodelledPattern: the pattern uses an unmodelled wildcard (named in the message).

    >>> compile_pattern("9T").variable
    True
    >>> try:
    ...     compile_pattern("91(1)")
    ... except UnmodelledPattern as exc:
    ...     print(str(exc)[:44])
    destination-pattern '91(1)' uses '(' (at pos
    """
    body = text
    if body.startswith("^"):
        body = body[1:]
    open_end = True
    if body.endswith("$"):
        body = body[:-1]
        open_end = False
    classes: list[frozenset[str]] = []
    explicit: list[bool] = []
    variable = False
    index = 0
    while index < len(body):
        char = body[index]
        if char == "+" and index == 0:
            classes.append(frozenset("+"))
            explicit.append(True)
        elif char in DIGITS:
            classes.append(frozenset(char))
            explicit.append(True)
        elif char == ".":
            classes.append(frozenset(DIGITS[:11]))
            explicit.append(False)
        elif char == "[":
            end = body.find("]", index)
            if end < 0:
                raise UnmodelledPattern(f"destination-pattern {text!r} has an unclosed '['")
            classes.append(_range(text, body[index + 1 : end]))
            explicit.append(False)
            index = end
        elif char == "T" and index == len(body) - 1:
            variable = True
        else:
            raise UnmodelledPattern(
                f"destination-pattern {text!r} uses {char!r} (at position {index + 1}), "
                "which this model does not follow (modelled: digits * # . [ ] [^ ] T, "
                "a leading + or ^, a trailing $)"
            )
        index += 1
    if variable and not open_end:
        raise UnmodelledPattern(f"destination-pattern {text!r} combines T and $")
    if len(classes) > MAX_DIGITS:
        raise UnmodelledPattern(f"destination-pattern {text!r} is longer than 32 digits")
    return Pattern(text, tuple(classes), tuple(explicit), variable, open_end and not variable)


def _range(text: str, body: str) -> frozenset[str]:
    negate = body.startswith("^")
    if negate:
        body = body[1:]
    chars: set[str] = set()
    index = 0
    while index < len(body):
        char = body[index]
        if index + 2 < len(body) and body[index + 1] == "-":
            low, high = char, body[index + 2]
            if not (low.isdigit() and high.isdigit() and low <= high):
                raise UnmodelledPattern(f"destination-pattern {text!r}: bad range {low}-{high}")
            chars.update(str(d) for d in range(int(low), int(high) + 1))
            index += 3
            continue
        if char not in DIGITS:
            raise UnmodelledPattern(f"destination-pattern {text!r}: {char!r} inside [ ]")
        chars.add(char)
        index += 1
    return frozenset(DIGITS) - chars if negate else frozenset(chars)


_NUMBER = re.compile(r"^\+?[0-9*#]{1,32}$")


def check_number(number: str) -> str:
    """A dialled number as given, or an error saying what a number may hold.

    >>> check_number("9911")
    '9911'
    """
    if not _NUMBER.match(number):
        raise CitynetError(
            f"{number!r} is not a dialled number: use digits, * and #, with an optional "
            "leading +, at most 32 of them"
        )
    return number
