"""Split configuration text into top-level blocks, to skip what is identical.

A block is a top-level line with the indented lines under it (a banner with
its whole text). Blocks that occur verbatim in both configurations cannot
differ, so the comparison parses only the rest: on a typical device with a
few changes that is a small part of the text. Numbered access-list lines are
never skipped (their order across lines matters), nor are shared blocks with
the same key as a differing one (``no aaa new-model`` ... ``aaa new-model``).
"""

from __future__ import annotations

import re

from citynet.diff.parse import DEFAULT_DRIVER, normalise
from citynet.ios import rules
from citynet.ios.driver import Driver

_TOP = re.compile(r"\n(?=[^ \t\r\n])")
_NEVER_SKIP = ("access-list ",)


def _banner_delimiter(first_line: str) -> str | None:
    words = first_line.split(None, 2)
    if len(words) < 3:
        return None
    rest = words[2]
    return "^C" if rest.startswith("^C") else rest[0]


def split_blocks(text: str) -> list[str]:
    """Top-level blocks of a configuration text, in order.

    >>> split_blocks("hostname a\\ninterface X\\n shutdown\\nbanner motd ^\\nhi\\n^\\n")
    ['hostname a', 'interface X\\n shutdown', 'banner motd ^\\nhi\\n^\\n']
    """
    parts = _TOP.split(text)
    out: list[str] = []
    index = 0
    while index < len(parts):
        part = parts[index]
        index += 1
        if part.startswith("banner "):
            first, _, rest = part.partition("\n")
            delim = _banner_delimiter(first)
            if delim is not None:
                opening = first.split(None, 2)[2][len(delim) :]
                if delim not in opening:
                    pieces = [part]
                    while delim not in rest and index < len(parts):
                        pieces.append(parts[index])
                        rest = parts[index]
                        index += 1
                    part = "\n".join(pieces)
        out.append(part)
    return out


def differing(
    running: str, golden: str, driver: Driver = DEFAULT_DRIVER
) -> tuple[str, str, list[str]]:
    """The running and golden text without the blocks they share verbatim.

    Returns:
        The remaining running text, the remaining golden text, and the
        normalised first lines of every top-level block of both (for the
        features no block escapes).
    """
    run_blocks = split_blocks(running)
    gold_blocks = split_blocks(golden)
    common = set(run_blocks).intersection(gold_blocks)
    tops: dict[str, None] = {}
    for block in (*gold_blocks, *run_blocks):
        first = block.partition("\n")[0].strip()
        if first and first[0] != "!" and first not in tops:
            tops[first] = None
    top_lines = [
        _top(line)
        for line in tops
        if line not in rules.NOISE_WHOLE and not driver.ignored_by_diff(line)
    ]
    if not common:
        return running, golden, top_lines
    common = {b for b in common if not b.startswith(_NEVER_SKIP)}
    # A shared block whose key also occurs in a differing block (a command given
    # twice, the last one winning) must be compared with it, not skipped.
    # So must a key given in more than one block of one side: the last one wins,
    # and the sides may order the same blocks differently.
    keys: dict[str, str] = {}
    seen: set[str] = set()
    changed: set[str] = set()
    for blocks in (run_blocks, gold_blocks):
        seen.clear()
        for block in blocks:
            key = keys.get(block)
            if key is None:
                key = keys[block] = _key(block)
            if key in seen or block not in common:
                changed.add(key)
            seen.add(key)
    common = {b for b in common if keys[b] not in changed}
    run_rest = "\n".join(b for b in run_blocks if b not in common)
    gold_rest = "\n".join(b for b in gold_blocks if b not in common)
    return run_rest, gold_rest, top_lines


def _key(block: str) -> str:
    first = block.partition("\n")[0].strip()
    return rules.key_rule("root", normalise(first))[0] if first else ""


def _top(first: str) -> str:
    if first.startswith("banner "):
        return " ".join(first.split()[:2])
    return normalise(first)
