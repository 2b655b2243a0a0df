"""Ordered entry lists (access lists): minimal, sequence-number-addressed edits.

An access list is compared by the order of its entries; sequence numbers only
address edits. Entries are removed with ``no <seq>`` and inserted at a free
sequence number between their kept neighbours, so an entry inserted at 15 is
one command, not a rewritten list. When a device's numbering is not known
(entries shown without numbers) or there is no free number in a gap, the list
is first renumbered with ``ip access-list resequence``, which changes no
behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from citynet.ios import rules

STEP = 10


@dataclass(frozen=True, slots=True)
class Entry:
    """One access-list entry: its sequence number, its text, and whether the
    number was written in the configuration (``explicit``) or implied."""

    seq: int
    body: str
    explicit: bool


@dataclass(frozen=True, slots=True)
class Edit:
    """The commands that turn one entry list into another, and the result."""

    resequence: int | None  # increment to renumber with first (start = increment)
    commands: tuple[str, ...]
    result: tuple[Entry, ...]


def entries(texts: list[str]) -> list[Entry]:
    """Entries from section lines, numbering unnumbered ones as IOS does (last + 10).

    >>> [(e.seq, e.body) for e in entries(["15 permit any", "deny any"])]
    [(15, 'permit any'), (25, 'deny any')]
    """
    out: list[Entry] = []
    last = 0
    for text in texts:
        match = rules.SEQ.match(text)
        if match:
            last = int(match.group(1))
            out.append(Entry(last, match.group(2), True))
        else:
            last += STEP
            out.append(Entry(last, text, False))
    return out


def implicit(bodies: list[str], step: int = STEP) -> list[Entry]:
    """Entries numbered ``step, 2*step, ...`` (a freshly resequenced list)."""
    return [Entry(step * (i + 1), body, False) for i, body in enumerate(bodies)]


def _allocate(lo: int, hi: int | None, wanted: list[Entry]) -> list[int] | None:
    count = len(wanted)
    seqs = [e.seq for e in wanted]
    if all(e.explicit for e in wanted) and all(
        a < b for a, b in zip([lo, *seqs], [*seqs, hi if hi is not None else 2**31], strict=True)
    ):
        return seqs
    if hi is None:
        return [lo + STEP * (i + 1) for i in range(count)]
    step = (hi - lo) // (count + 1)
    if step < 1:
        return None
    return [lo + step * (i + 1) for i in range(count)]


def _attempt(src: list[Entry], dst: list[Entry], fmt: str) -> Edit | None:
    src_bodies = [e.body for e in src]
    dst_bodies = [e.body for e in dst]
    matcher = SequenceMatcher(None, src_bodies, dst_bodies, autojunk=False)
    deletes: list[str] = []
    inserts: list[str] = []
    kept: list[Entry] = []
    added: list[Entry] = []
    opcodes = matcher.get_opcodes()
    # Sequence numbers of kept source entries, to find each gap's bounds.
    keep_flags = [False] * len(src)
    for tag, i1, i2, _j1, _j2 in opcodes:
        if tag == "equal":
            for i in range(i1, i2):
                keep_flags[i] = True
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            kept.extend(src[i1:i2])
            continue
        if tag in ("delete", "replace"):
            deletes.extend(f"no {e.seq}" for e in src[i1:i2])
        if tag in ("insert", "replace"):
            lo = next((src[i].seq for i in range(i1 - 1, -1, -1) if keep_flags[i]), 0)
            hi = next((src[i].seq for i in range(i2, len(src)) if keep_flags[i]), None)
            seqs = _allocate(lo, hi, dst[j1:j2])
            if seqs is None:
                return None
            for seq, entry in zip(seqs, dst[j1:j2], strict=True):
                inserts.append(fmt.format(seq=seq, body=entry.body))
                added.append(Entry(seq, entry.body, True))
    result = sorted([Entry(e.seq, e.body, True) for e in kept] + added, key=lambda e: e.seq)
    return Edit(None, tuple(deletes + inserts), tuple(result))


def edit(src: list[Entry], dst: list[Entry], *, ipv6: bool = False) -> Edit:
    """The minimal edit from ``src`` to ``dst`` (compared by entry order and text).

    Args:
        src: entries as on the device (``explicit`` False means the device's real
            numbers are not known, so the list is resequenced first).
        dst: the wanted entries; their explicit numbers are used when they fit.
        ipv6: IPv6 access lists write ``sequence N`` instead of ``N``.

    >>> old = entries(["10 permit host 1.1.1.1", "20 deny any"])
    >>> new = entries(["10 permit host 1.1.1.1", "15 permit host 2.2.2.2", "20 deny any"])
    >>> edit(old, new).commands
    ('15 permit host 2.2.2.2',)
    """
    fmt = "sequence {seq} {body}" if ipv6 else "{seq} {body}"
    if [e.body for e in src] == [e.body for e in dst]:
        return Edit(None, (), tuple(src))
    resequence: int | None = None
    if not all(e.explicit for e in src):
        resequence = STEP
        src = implicit([e.body for e in src])
    attempt = _attempt(src, dst, fmt)
    step = STEP
    while attempt is None:
        step *= 10
        resequence = step
        src = implicit([e.body for e in src], step)
        attempt = _attempt(src, dst, fmt)
    return Edit(resequence, attempt.commands, attempt.result)
